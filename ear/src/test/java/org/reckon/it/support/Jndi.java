package org.reckon.it.support;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/** JNDI lookups for in-container tests. */
public final class Jndi {

    private Jndi() {
    }

    public static <T> T lookup(String name, Class<T> type) {
        try {
            return type.cast(new InitialContext().lookup(name));
        } catch (NamingException e) {
            throw new IllegalStateException("JNDI lookup of " + name + " failed", e);
        }
    }
}
