package org.reckon.objectstorage.domain;

import org.reckon.platform.database.ReckonDatabase;

/** The object-storage context's metadata database, declared to the platform (migration, readiness). */
public final class ObjectStorageDatabase implements ReckonDatabase {

    public static final String KEY = "objectstorage";
    public static final String DATASOURCE = "java:jboss/datasources/ObjectStorageDS";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String dataSourceJndi() {
        return DATASOURCE;
    }

    @Override
    public String entityManagerFactoryJndi() {
        return "java:/reckon/ObjectStorageEntityManagerFactory";
    }
}
