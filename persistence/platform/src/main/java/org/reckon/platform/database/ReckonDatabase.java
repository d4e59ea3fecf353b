package org.reckon.platform.database;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A context's database: its XA datasource, its persistence unit and its own Flyway history
 * (migrations under {@code db/migration/<key>/}). Each context that owns a database declares it
 * in its persistence jar ({@code META-INF/services/org.reckon.platform.database.ReckonDatabase}),
 * so a new context adds its database without editing a central list: the schema migrator, the
 * readiness checks and the error mapper find every one through {@link #all()}.
 */
public interface ReckonDatabase {

    /** Name used for the migration folder, the health check and logs, e.g. {@code payment}. */
    String key();

    String dataSourceJndi();

    String entityManagerFactoryJndi();

    /** Every context's database in the deployment, by key. */
    static List<ReckonDatabase> all() {
        return ServiceLoader.load(ReckonDatabase.class, ReckonDatabase.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(ReckonDatabase::key))
                .toList();
    }
}
