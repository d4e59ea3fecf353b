package org.reckon.faults.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a failed scenario leaves behind for whoever reads the build log: the prepared transactions
 * with their age, the PostgreSQL sessions that are busy or waiting and who blocks them, the Reckon
 * JVM's threads that sit in JDBC, Narayana or a lock, and the server log's last warnings. The
 * summary goes to {@code target/faults/diagnostics.txt} (CI prints it last); the whole thread dump
 * beside it.
 */
public final class Diagnostics {

    private static final int MAX_LINES = 60;

    private Diagnostics() {
    }

    /** Collects what it can; a part that fails says so and the others still run. */
    public static void dump(Platform platform, String scenario) {
        List<String> lines = new ArrayList<>();
        lines.add("=== " + scenario + " at " + java.time.Instant.now());
        database(platform, lines);
        threads(platform, scenario, lines);
        serverLog(platform, lines);
        write(platform, lines);
    }

    /**
     * Adds lines a scenario gathered itself (what its own failure needs, as {@link Cluster#routingDiagnosis}
     * does) to {@code diagnostics.txt} and the report.
     */
    public static void add(Platform platform, String scenario, List<String> found) {
        List<String> lines = new ArrayList<>();
        lines.add("=== " + scenario + " at " + java.time.Instant.now());
        lines.addAll(found);
        trim(lines);
        write(platform, lines);
    }

    private static void write(Platform platform, List<String> lines) {
        lines.forEach(l -> Report.line("DIAG %s", l));
        try {
            java.nio.file.Files.write(platform.dir.resolve("diagnostics.txt"), lines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            Report.line("DIAG cannot write diagnostics.txt: %s", e);
        }
    }

    private static void database(Platform platform, List<String> lines) {
        database(platform.postgres, lines);
        lines.add("-- the wallet partition 1's PostgreSQL:");
        database(platform.walletPartition1, lines);
    }

    private static void database(Postgres postgres, List<String> lines) {
        try (Connection c = postgres.connect("postgres"); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT database, gid, now() - prepared AS age FROM pg_prepared_xacts ORDER BY prepared")) {
                while (r.next()) {
                    lines.add("prepared " + r.getString(1) + " " + r.getString(2) + " age " + r.getString(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT pid, datname, state, wait_event_type, wait_event, now() - xact_start, "
                    + "pg_blocking_pids(pid), left(regexp_replace(query, '\\s+', ' ', 'g'), 140) FROM pg_stat_activity "
                    + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle' ORDER BY xact_start")) {
                int shown = 0;
                int all = 0;
                while (r.next()) {
                    all++;
                    if (shown++ < 25) {
                        lines.add("pg " + r.getInt(1) + " " + r.getString(2) + " " + r.getString(3) + " wait=" + r.getString(4) + "/"
                                + r.getString(5) + " xact=" + r.getString(6) + " blocked-by=" + r.getString(7) + " " + r.getString(8));
                    }
                }
                lines.add("pg: " + all + " busy session(s)");
            }
        } catch (SQLException | RuntimeException e) {
            lines.add("database: cannot look (" + e + ")");
        }
    }

    /** The server's threads that are in JDBC, Narayana or waiting on a monitor: name, state and top frames. */
    private static void threads(Platform platform, String scenario, List<String> lines) {
        if (!platform.reckon.running()) {
            lines.add("threads: the Reckon JVM is not running");
            return;
        }
        Path file = platform.dir.resolve("threads-" + scenario.replaceAll("[^A-Za-z0-9]+", "-") + ".txt");
        try {
            if (!platform.reckon.threadDump(file)) {
                lines.add("threads: jcmd did not answer in 60 s");
                return;
            }
            List<String> dump = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
            int shown = 0;
            for (List<String> thread : split(dump)) {
                String all = String.join("\n", thread);
                boolean interesting = all.contains("org.postgresql") || all.contains("com.arjuna") && !all.contains("TIMED_WAITING")
                        || all.contains("java.lang.Thread.State: BLOCKED") || all.contains("org.reckon") && all.contains("WAITING");
                if (!interesting || all.contains("PeriodicRecovery.doPeriodicWait") || all.contains("ReaperThread")
                        || thread.get(0).contains("Cleaner")) {
                    continue;
                }
                if (shown++ >= 8) {
                    continue;
                }
                lines.add("thread " + thread.get(0).replaceAll("\\s+(#|prio|os_prio|cpu|elapsed|tid|nid)=?\\S*", "").trim());
                thread.stream().skip(1).limit(14).map(String::trim).filter(l -> !l.isEmpty()).forEach(l -> lines.add("    " + l));
            }
            lines.add("threads: " + shown + " in JDBC, Narayana or a lock; full dump " + file);
        } catch (IOException e) {
            lines.add("threads: jcmd failed (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trim(lines);
    }

    private static List<List<String>> split(List<String> dump) {
        List<List<String>> threads = new ArrayList<>();
        List<String> current = null;
        for (String line : dump) {
            if (line.startsWith("\"")) {
                current = new ArrayList<>();
                threads.add(current);
            }
            if (current != null) {
                current.add(line);
            }
        }
        return threads;
    }

    private static void serverLog(Platform platform, List<String> lines) {
        Path log = platform.reckon.baseDir().resolve("log/server.log");
        try {
            List<String> warnings = java.nio.file.Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            warnings.stream().skip(Math.max(0, warnings.size() - 15)).map(l -> "log " + (l.length() > 260 ? l.substring(0, 260) : l))
                    .forEach(lines::add);
            // what Narayana decided about branches that failed to commit or roll back: a heuristic
            // outcome (never recovered) reads differently from a failure left to recovery
            List<String> outcomes = warnings.stream().filter(l -> l.contains("ARJUNA016036") || l.contains("ARJUNA016045")
                    || l.contains("ARJUNA016041") || l.contains("heuristic") || l.contains("HEURISTIC")).toList();
            outcomes.stream().skip(Math.max(0, outcomes.size() - 10))
                    .map(l -> "narayana " + narayanaLine(l)).forEach(lines::add);
        } catch (IOException e) {
            lines.add("server log: cannot read (" + e + ")");
        }
    }

    /** The head of a Narayana warning and its outcome ("failed with exception ..."), without the resource's long name. */
    private static String narayanaLine(String line) {
        int outcome = line.indexOf("failed with");
        String head = line.substring(0, Math.min(line.length(), 220));
        return outcome < 0 || outcome < 220 ? head : head + " ... " + line.substring(outcome, Math.min(line.length(), outcome + 120));
    }

    private static void trim(List<String> lines) {
        while (lines.size() > MAX_LINES * 3) {
            lines.remove(lines.size() - 1);
        }
    }
}
