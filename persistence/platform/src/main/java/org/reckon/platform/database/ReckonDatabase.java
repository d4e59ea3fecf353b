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
 *
 * A context whose data is partitioned over several databases (the wallet: one per partition)
 * declares them all with one provider whose {@link #databases()} lists each partition; the
 * partitions share one migration folder ({@link #migrationKey()}) and may have no persistence
 * unit ({@link #entityManagerFactoryJndi()} null: the context talks JDBC to them).
 */
public interface ReckonDatabase {

    /** Name used for the migration folder, the health check and logs, e.g. {@code payment}. */
    String key();

    String dataSourceJndi();

    /** The JNDI name of the database's persistence unit, or null when the context uses none (plain JDBC). */
    String entityManagerFactoryJndi();

    /** The folder of its migrations, {@code db/migration/<migrationKey>/}; partitions of one context share it. */
    default String migrationKey() {
        return key();
    }

    /** The databases this declaration stands for: itself, or each partition of a partitioned context. */
    default List<ReckonDatabase> databases() {
        return List.of(this);
    }

    /** Every context's database in the deployment, by key. */
    static List<ReckonDatabase> all() {
        return ServiceLoader.load(ReckonDatabase.class, ReckonDatabase.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .flatMap(declared -> declared.databases().stream())
                .sorted(Comparator.comparing(ReckonDatabase::key))
                .toList();
    }
}
