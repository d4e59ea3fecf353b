package org.reckon.it.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts a real PostgreSQL for the whole test run, before Arquillian boots WildFly, and stops it
 * after: one server, one database per datasource (reckon_payment, reckon_ledger, reckon_hotel),
 * prepared transactions enabled so XA two-phase commit is real. Runs in the failsafe JVM only.
 *
 * The databases are new on every run, so the test server's own state goes too, before it boots:
 * its broker journal, transaction log, timers, PSP sandbox and server log all describe the
 * databases of an earlier run. Kept, a second {@code ./mvnw verify} delivered that run's messages
 * against tables that never held their rows, and recovery looked for branches PostgreSQL never had.
 */
public class PostgresSession implements LauncherSessionListener {

    private EmbeddedPostgres postgres;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String port = System.getProperty("reckon.test.pg.port");
        if (port == null) {
            return; // not the in-container suite (an IDE running a plain unit test, say)
        }
        forgetEarlierRuns(System.getProperty("jboss.home"));
        try {
            File dir = new File(System.getProperty("reckon.test.pg.dir", "target/postgresql"));
            // every context's database, as each declares it (ReckonDatabase): a new context needs no
            // edit here; each datasource script names its database reckon_<key> by default
            java.util.List<String> databases = org.reckon.platform.database.ReckonDatabase.all().stream()
                    .map(d -> "reckon_" + d.key()).toList();
            postgres = EmbeddedPostgres.builder()
                    .setPort(Integer.parseInt(port))
                    .setOverrideWorkingDirectory(dir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_prepared_transactions", "64")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    // a log file (under the data directory) that the pay-in benchmark reads its statement trace from
                    .setServerConfig("logging_collector", "on")
                    .start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE reckon LOGIN PASSWORD 'reckon'");
                for (String db : databases) {
                    s.execute("CREATE DATABASE " + db + " OWNER reckon");
                }
            }
            System.out.println("[reckon-it] PostgreSQL " + postgres.getPort() + " ready with " + String.join(", ", databases));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create Reckon's databases", e);
        }
    }

    private static void forgetEarlierRuns(String jbossHome) {
        if (jbossHome == null) {
            return;
        }
        Path standalone = Path.of(jbossHome, "standalone");
        for (String state : new String[] {"data/activemq", "data/tx-object-store", "data/timer-service-data",
                "data/psp-sandbox", "log"}) {
            Path dir = standalone.resolve(state);
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot clear the test server's " + state, e);
            }
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("[reckon-it] stopping PostgreSQL: " + e);
            }
        }
    }
}
