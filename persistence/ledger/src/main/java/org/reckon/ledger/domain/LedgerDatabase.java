package org.reckon.ledger.domain;

import org.reckon.platform.database.ReckonDatabase;

/** The ledger context's database, declared to the platform (schema migration, readiness checks). */
public final class LedgerDatabase implements ReckonDatabase {

    public static final String KEY = "ledger";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String dataSourceJndi() {
        return "java:jboss/datasources/LedgerDS";
    }

    @Override
    public String entityManagerFactoryJndi() {
        return "java:/reckon/LedgerEntityManagerFactory";
    }
}
