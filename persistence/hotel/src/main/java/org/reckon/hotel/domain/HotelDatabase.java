package org.reckon.hotel.domain;

import org.reckon.platform.database.ReckonDatabase;

/** The hotel context's database, declared to the platform (schema migration, readiness checks). */
public final class HotelDatabase implements ReckonDatabase {

    public static final String KEY = "hotel";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String dataSourceJndi() {
        return "java:jboss/datasources/HotelDS";
    }

    @Override
    public String entityManagerFactoryJndi() {
        return "java:/reckon/HotelEntityManagerFactory";
    }
}
