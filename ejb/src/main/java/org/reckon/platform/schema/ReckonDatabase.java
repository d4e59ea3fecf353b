package org.reckon.platform.schema;

/**
 * The databases of the platform, one per bounded context that owns money or inventory. Each has
 * its XA datasource, its persistence unit and its own Flyway history.
 */
public enum ReckonDatabase {
    PAYMENT("java:jboss/datasources/PaymentDS", "java:/reckon/PaymentEntityManagerFactory"),
    LEDGER("java:jboss/datasources/LedgerDS", "java:/reckon/LedgerEntityManagerFactory"),
    HOTEL("java:jboss/datasources/HotelDS", "java:/reckon/HotelEntityManagerFactory");

    private final String dataSourceJndi;
    private final String entityManagerFactoryJndi;

    ReckonDatabase(String dataSourceJndi, String entityManagerFactoryJndi) {
        this.dataSourceJndi = dataSourceJndi;
        this.entityManagerFactoryJndi = entityManagerFactoryJndi;
    }

    public String dataSourceJndi() {
        return dataSourceJndi;
    }

    public String entityManagerFactoryJndi() {
        return entityManagerFactoryJndi;
    }

    /** Name used for the migration folder, the health check and logs. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
