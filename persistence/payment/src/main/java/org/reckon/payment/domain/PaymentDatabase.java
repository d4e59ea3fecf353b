package org.reckon.payment.domain;

import org.reckon.platform.database.ReckonDatabase;

/** The payment context's database, declared to the platform (schema migration, readiness checks). */
public final class PaymentDatabase implements ReckonDatabase {

    public static final String KEY = "payment";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String dataSourceJndi() {
        return "java:jboss/datasources/PaymentDS";
    }

    @Override
    public String entityManagerFactoryJndi() {
        return "java:/reckon/PaymentEntityManagerFactory";
    }
}
