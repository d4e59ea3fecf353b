package org.reckon.platform.schema;

import org.reckon.platform.database.ReckonDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;

/**
 * Brings every database to the schema this build expects before anything uses it: Flyway
 * migrates (one history per database), then Hibernate validates its mappings against the
 * result. Hibernate never generates DDL. A failure here fails the deployment, so a server never
 * serves on a schema it does not understand.
 *
 * Bean-managed transactions: Flyway runs outside any JTA transaction and commits each migration
 * itself.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    private final Map<String, Integer> appliedAtStartup = new TreeMap<>();

    @Resource
    ManagedExecutorService executor;

    @PostConstruct
    void migrateAndValidate() {
        java.util.List<ReckonDatabase> databases = ReckonDatabase.all();
        if (databases.isEmpty()) {
            throw new IllegalStateException("No context declares a database (META-INF/services/" + ReckonDatabase.class.getName() + ")");
        }
        // The databases are independent: each one migrates and validates on a managed thread of its
        // own, so a start waits for the slowest database instead of the sum of them (seven databases
        // one after the other were ~2 s of every start on 2 cores, mostly waits on H2/PostgreSQL).
        Map<ReckonDatabase, CompletableFuture<Integer>> running = new LinkedHashMap<>();
        for (ReckonDatabase database : databases) {
            running.put(database, CompletableFuture.supplyAsync(() -> migrateAndValidate(database), executor));
        }
        IllegalStateException failure = null;
        for (Map.Entry<ReckonDatabase, CompletableFuture<Integer>> entry : running.entrySet()) {
            try {
                appliedAtStartup.put(entry.getKey().key(), entry.getValue().join());
            } catch (CompletionException e) {
                IllegalStateException failed = new IllegalStateException(
                        "Database " + entry.getKey().key() + " cannot be migrated or validated: " + e.getCause().getMessage(), e.getCause());
                if (failure == null) {
                    failure = failed;
                } else {
                    failure.addSuppressed(failed);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private int migrateAndValidate(ReckonDatabase database) {
        DataSource dataSource = lookup(database.dataSourceJndi(), DataSource.class);
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations(MigrationLocations.of(database.migrationKey(), productName(dataSource)).toArray(String[]::new))
                .failOnMissingLocations(false)
                .load()
                .migrate();
        LOG.info(() -> "Database " + database.key() + ": " + result.migrationsExecuted
                + " migration(s) applied, schema version " + result.targetSchemaVersion);
        if (database.entityManagerFactoryJndi() != null) { // else the context reads it with plain JDBC: no mappings
            lookup(database.entityManagerFactoryJndi(), EntityManagerFactory.class)
                    .unwrap(SessionFactory.class)
                    .getSchemaManager()
                    .validateMappedObjects();
        }
        return result.migrationsExecuted;
    }

    /** Migrations applied by this start, per database key (0 when the schema was already current). */
    public Map<String, Integer> appliedAtStartup() {
        return Map.copyOf(appliedAtStartup);
    }

    private static String productName(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach database to migrate it", e);
        }
    }

    private static <T> T lookup(String jndiName, Class<T> type) {
        try {
            return type.cast(new InitialContext().lookup(jndiName));
        } catch (NamingException e) {
            throw new IllegalStateException("Missing " + jndiName + "; is the server configured by wildfly-config?", e);
        }
    }
}
