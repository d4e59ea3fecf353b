package org.reckon.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every SQL statement PostgreSQL executes while some work runs (issue 15: "count first"), read from
 * the server's own log: {@code log_statement = all} is switched on for the run of the work only
 * (ALTER SYSTEM and a reload, which every open session applies before its next command), and the
 * statements between two marker queries are grouped per database and per transaction. A
 * transaction is a session's virtual transaction id; XA's {@code COMMIT PREPARED} joins the
 * transaction that prepared the same global id. Needs {@code logging_collector} (PostgresSession).
 * The statement text is as executed, with bind parameters ($1) not values, so counts are per shape.
 */
final class StatementTrace {

    private static final String PREFIX = "@@";
    private static final Pattern LINE = Pattern.compile(
            "^@@[^|]*\\|(\\d+)\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|\\s*LOG:\\s+(?:statement|execute [^:]+): (.*)$");
    private static final Pattern GID = Pattern.compile("(?i)^(PREPARE TRANSACTION|COMMIT PREPARED|ROLLBACK PREPARED) '([^']*)'");

    private final String port;

    StatementTrace(String port) {
        this.port = port;
    }

    /** One transaction's statements: normalized text and how often, in the order first seen. */
    record Transaction(String database, String firstStatement, Map<String, Integer> statements) {
        int count() {
            return statements.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Runs {@code work} with statement logging on; answers the transactions of the databases named reckon_*. */
    List<Transaction> of(ThrowingRunnable work) throws Exception {
        Path log;
        long start;
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            log = logFile(s);
            s.execute("ALTER SYSTEM SET log_line_prefix = '" + PREFIX + "%m|%p|%d|%v|%x|'");
            s.execute("ALTER SYSTEM SET log_statement = 'all'");
            s.execute("SELECT pg_reload_conf()");
            start = Files.size(log);
        }
        try {
            work.run();
            awaitQuiet(log); // the work's last commits and its asynchronous followers (event subscribers)
        } finally {
            try (Connection c = superuser(); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM RESET log_statement");
                s.execute("ALTER SYSTEM RESET log_line_prefix");
                s.execute("SELECT pg_reload_conf()");
            }
        }
        byte[] all = Files.readAllBytes(log);
        return parse(new String(all, (int) Math.min(start, all.length), (int) (all.length - Math.min(start, all.length)),
                StandardCharsets.UTF_8).lines().toList());
    }

    /** Returns once the log has not grown for a second (at most 15 s): the server has finished what the work set off. */
    private static void awaitQuiet(Path log) throws IOException, InterruptedException {
        long size = Files.size(log);
        long quietSince = System.nanoTime();
        long deadline = quietSince + 15_000_000_000L;
        while (System.nanoTime() - quietSince < 1_000_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = Files.size(log);
            if (now != size) {
                size = now;
                quietSince = System.nanoTime();
            }
        }
    }

    static List<Transaction> parse(List<String> lines) {
        Map<String, Transaction> byKey = new LinkedHashMap<>();
        Map<String, String> keyOfGid = new TreeMap<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !m.group(2).startsWith("reckon_")) {
                continue;
            }
            String database = m.group(2);
            String sql = normalize(m.group(5));
            String key = database + "|" + m.group(1) + "|" + m.group(3);
            Matcher gid = GID.matcher(m.group(5).trim());
            if (gid.find()) {
                if (gid.group(1).equalsIgnoreCase("PREPARE TRANSACTION")) {
                    keyOfGid.put(gid.group(2), key);
                } else {
                    key = keyOfGid.getOrDefault(gid.group(2), key);
                }
            }
            byKey.computeIfAbsent(key, k -> new Transaction(database, sql, new LinkedHashMap<>()))
                    .statements().merge(sql, 1, Integer::sum);
        }
        return new ArrayList<>(byKey.values());
    }

    /** The statement's shape: XA global ids and literals out, whitespace folded, at most 160 characters. */
    static String normalize(String sql) {
        String shape = sql.trim().replaceAll("\\s+", " ")
                .replaceAll("(?i)^(PREPARE TRANSACTION|COMMIT PREPARED|ROLLBACK PREPARED) '[^']*'", "$1 '…'")
                .replaceAll("'[^']*'", "'…'");
        return shape.length() > 160 ? shape.substring(0, 157) + "…" : shape;
    }

    /** A markdown table: one row per statement shape per transaction, and the totals per database. */
    static String table(List<Transaction> transactions) {
        StringBuilder out = new StringBuilder("| database | transaction | statement | count |\n|---|---|---|---|\n");
        Map<String, int[]> totals = new TreeMap<>();
        int n = 0;
        for (Transaction t : transactions) {
            n++;
            int[] total = totals.computeIfAbsent(t.database(), d -> new int[2]);
            total[0] += t.count();
            total[1]++;
            for (Map.Entry<String, Integer> s : t.statements().entrySet()) {
                out.append("| ").append(t.database()).append(" | ").append(n).append(" | `")
                        .append(s.getKey().replace("|", "\\|").replace("`", "'")).append("` | ").append(s.getValue()).append(" |\n");
            }
        }
        out.append("\n| database | transactions | statements |\n|---|---|---|\n");
        totals.forEach((db, t) -> out.append("| ").append(db).append(" | ").append(t[1]).append(" | ").append(t[0]).append(" |\n"));
        return out.toString();
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }

    private static Path logFile(Statement s) throws SQLException, IOException {
        String dataDir;
        String current;
        try (ResultSet r = s.executeQuery("SHOW data_directory")) {
            r.next();
            dataDir = r.getString(1);
        }
        try (ResultSet r = s.executeQuery("SELECT pg_current_logfile()")) {
            r.next();
            current = r.getString(1);
        }
        if (current == null) {
            throw new IOException("PostgreSQL writes no log file: logging_collector is off");
        }
        Path file = Path.of(current);
        return file.isAbsolute() ? file : Path.of(dataDir).resolve(file);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
