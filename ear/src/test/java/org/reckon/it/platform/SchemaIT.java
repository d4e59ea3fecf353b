package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.hibernate.SessionFactory;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Rows;
import org.reckon.platform.database.ReckonDatabase;

/**
 * Flyway owns every database's schema; Hibernate only validates against it. Beyond what a
 * successful deployment already shows (Flyway migrated, Hibernate validated), this checks what
 * neither looks at: that exactly the migrations shipped in the EAR are recorded, each with its
 * checksum; that the constraints which must be checked at commit really are deferred in PostgreSQL's
 * catalog; and that no table lacks a primary key.
 */
@ExtendWith(ArquillianExtension.class)
class SchemaIT {

    /** db/migration/{database}/{common|postgresql}/V{version}__{description}.sql */
    private static final Pattern MIGRATION = Pattern.compile("db/migration/(\\w+)/(?:common|postgresql)/V([^_]+(?:_[^_]+)*?)__[^/]+\\.sql");

    @Test
    void everyDatabaseIsMigratedWithItsOwnHistory() {
        assertEquals(java.util.List.of("hotel", "leaderboard", "ledger", "objectstorage", "payment", "wallet_0", "wallet_1"),
                ReckonDatabase.all().stream().map(ReckonDatabase::key).toList(), "each context declares its database");
        for (ReckonDatabase database : ReckonDatabase.all()) {
            migrated(database);
        }
    }

    @Test
    void hibernateMappingsValidateAgainstTheMigratedSchema() {
        for (ReckonDatabase database : ReckonDatabase.all()) {
            if (database.entityManagerFactoryJndi() == null) {
                continue; // read with plain JDBC (the wallet's partitions)
            }
            Jndi.lookup(database.entityManagerFactoryJndi(), EntityManagerFactory.class)
                    .unwrap(SessionFactory.class)
                    .getSchemaManager()
                    .validateMappedObjects();
        }
    }

    /** Read from the shipped EAR and from PostgreSQL directly, so on the client. */
    @Test
    @RunAsClient
    void exactlyTheShippedMigrationsAreRecordedEachWithItsChecksum() throws Exception {
        Map<String, TreeSet<String>> shipped = shippedMigrations(new File(System.getProperty("reckon.ear.file")));
        for (ReckonDatabase database : ReckonDatabase.all()) {
            TreeSet<String> expected = shipped.getOrDefault(database.migrationKey(), new TreeSet<>());
            assertTrue(expected.size() >= 2, "migrations shipped for " + database.key() + ": " + expected);
            TreeSet<String> recorded = new TreeSet<>();
            List<String> problems = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                    + System.getProperty("reckon.test.pg.port") + "/reckon_" + database.key(), "reckon", "reckon");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, checksum, success, type FROM flyway_schema_history"
                         + " WHERE version IS NOT NULL")) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    recorded.add(version);
                    rs.getInt(2);
                    if (rs.wasNull() || !rs.getBoolean(3) || !"SQL".equals(rs.getString(4))) {
                        problems.add(version + " (checksum " + rs.getObject(2) + ", success " + rs.getBoolean(3)
                                + ", type " + rs.getString(4) + ")");
                    }
                }
            }
            assertEquals(expected, recorded, "versions recorded in " + database.key() + " vs shipped");
            assertTrue(problems.isEmpty(), database.key() + ": " + problems);
        }
    }

    @Test
    void theConstraintsCheckedAtCommitAreDeferredInTheCatalog() {
        for (ReckonDatabase database : ReckonDatabase.all()) {
            assertEquals(1, deferred(database, "processed_message", "pk_processed_message"),
                    "the inbox key of " + database.key() + " is DEFERRABLE INITIALLY DEFERRED");
        }
        assertEquals(1, deferred(new org.reckon.ledger.domain.LedgerDatabase(), "journal_transaction", "uq_journal_transaction_reference"),
                "one journal transaction per (kind, reference), checked at commit");
    }

    @Test
    void everyTableHasAPrimaryKey() {
        for (ReckonDatabase database : ReckonDatabase.all()) {
            long tables = Rows.count(database.dataSourceJndi(), "SELECT COUNT(*) FROM pg_class t"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relkind = 'r'");
            assertTrue(tables > 2, database.key() + " has its tables");
            long withoutKey = Rows.count(database.dataSourceJndi(), "SELECT COUNT(*) FROM pg_class t"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relkind = 'r'"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype = 'p')");
            assertEquals(0, withoutKey, "tables without a primary key in " + database.key());
        }
    }

    private static long deferred(ReckonDatabase database, String table, String constraint) {
        return Rows.count(database.dataSourceJndi(), "SELECT COUNT(*) FROM pg_constraint k"
                + " JOIN pg_class t ON t.oid = k.conrelid WHERE t.relname = ? AND k.conname = ?"
                + " AND k.condeferrable AND k.condeferred", table, constraint);
    }

    /** Database key to migration versions ("1.1" for V1_1__...), from every jar of the EAR. */
    private static Map<String, TreeSet<String>> shippedMigrations(File ear) throws IOException {
        Map<String, TreeSet<String>> versions = new TreeMap<>();
        try (ZipFile zip = new ZipFile(ear)) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (!entry.getName().endsWith(".jar")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry); ZipInputStream jar = new ZipInputStream(in)) {
                    for (ZipEntry file; (file = jar.getNextEntry()) != null; ) {
                        Matcher m = MIGRATION.matcher(file.getName());
                        if (m.matches()) {
                            versions.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2).replace('_', '.'));
                        }
                    }
                }
            }
        }
        return versions;
    }

    private static void migrated(ReckonDatabase database) {
        long applied = Rows.count(database.dataSourceJndi(),
                "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version IN ('1', '1.1')");
        long failed = Rows.count(database.dataSourceJndi(), "SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success");
        assertEquals(2, applied, "common V1 and PostgreSQL V1.1 applied to " + database.key());
        assertEquals(0, failed);
        assertTrue(Rows.count(database.dataSourceJndi(),
                "SELECT COUNT(*) FROM information_schema.table_constraints WHERE constraint_name = 'pk_processed_message'"
                        + " AND is_deferrable = 'YES'") == 1, "the inbox key is deferred to commit");
    }
}
