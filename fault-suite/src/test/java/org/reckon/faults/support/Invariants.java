package org.reckon.faults.support;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.reckon.faults.support.Api.Response;
import org.reckon.faults.support.Api.User;

/**
 * The invariants every scenario ends with. {@link #settle} re-checks until they all hold or the
 * time is up (webhooks retried with backoff, periodic recovery, the stuck sweep all need a
 * moment), then reports exactly which failed and why.
 *
 * <ul>
 *   <li>no in-doubt (prepared) transaction left in any database;</li>
 *   <li>every payment order final, or legitimately waiting at the PSP (the buyer has not paid, or
 *       the PSP holds it pending), never stuck in between;</li>
 *   <li>every charge in the PSP's settlement matches exactly one successful order, same amount,
 *       and vice versa; refunds likewise;</li>
 *   <li>{@code GET /v1/ledger/verify} ok; exactly one pay-in journal transaction per successful
 *       order and none for the others; every seller wallet equals the successful orders less refunds;</li>
 *   <li>per hotel, room type and date: total_reserved equals the rooms of live reservations and
 *       never exceeds max_reserved;</li>
 *   <li>the search index equals the database for hotels and reservations;</li>
 *   <li>nothing the load was told had succeeded is missing;</li>
 *   <li>the wallet (issue 12): no event of any partition ever left a balance below zero; every
 *       TC/C transaction and saga finished; money conserved ({@code /v1/admin/wallet/invariants});
 *       every partition rebuilt from its events equals its live state; the ledger fed with every
 *       event, and each wallet's balance equal to its ledger balance (in the suite every wallet is
 *       funded through the PSP, so the ledger holds all its money); and, with a {@link WalletLoad},
 *       every transfer it was told succeeded complete, every refused one fully undone, and the
 *       others one or the other, never half and never twice.</li>
 * </ul>
 */
public final class Invariants {

    private static final Set<String> CHARGED = Set.of("SUCCESS", "PARTIALLY_REFUNDED", "REFUNDED");

    private final Platform platform;

    public record Figures(int orders, int charged, int reservations, int hotels, int journalTransactions) {
    }

    public Invariants(Platform platform) {
        this.platform = platform;
    }

    /** Re-checks until every invariant holds (returns the figures) or {@code timeout} passes (throws with the violations). */
    public Figures settle(Duration timeout, Load load) {
        return settle(timeout, load, null);
    }

    /** {@link #settle(Duration, Load)}, and every transfer of {@code walletLoad} complete or fully undone as it was told. */
    public Figures settle(Duration timeout, Load load, WalletLoad walletLoad) {
        long begin = System.nanoTime();
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        Figures figures;
        try {
            figures = Awaitility.await("every invariant holds").atMost(timeout).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2)).until(() -> {
                        List<String> violations = new ArrayList<>();
                        Figures now = null;
                        try {
                            now = check(violations, load, walletLoad);
                        } catch (SQLException | RuntimeException e) {
                            violations.add("could not check: " + e);
                        }
                        last.set(0, violations);
                        return violations.isEmpty() ? now : null;
                    }, java.util.Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            List<String> violations = last.get(0);
            violations.forEach(v -> Report.line("VIOLATION %s", v));
            Diagnostics.dump(platform, Scenario.current());
            throw new AssertionError(violations.size() + " invariant violation(s) after " + timeout.toSeconds() + " s: "
                    + String.join("; ", violations.subList(0, Math.min(10, violations.size()))));
        }
        Report.checked("all invariants hold after %.1f s of settling: %d payment orders (%d charged at the PSP, each once), "
                        + "%d journal transactions, ledger verified, wallets = orders, %d reservations match inventory, "
                        + "%d hotels and the reservations match the search index, nothing acknowledged lost",
                (System.nanoTime() - begin) / 1e9, figures.orders, figures.charged, figures.journalTransactions,
                figures.reservations, figures.hotels);
        return figures;
    }

    private Figures check(List<String> violations, Load load) throws SQLException {
        return check(violations, load, null);
    }

    private Figures check(List<String> violations, Load load, WalletLoad walletLoad) throws SQLException {
        inDoubt(violations);
        Map<String, Order> orders = orders();
        paymentStates(orders, violations);
        Map<String, String> charges = pspAgainstOrders(orders, violations);
        int journal = ledger(orders, violations);
        int reservations = inventory(violations);
        int hotels = searchIndex(violations);
        wallets(violations, walletLoad);
        if (load != null) {
            for (String id : load.acknowledgedPayIns) {
                if (!orders.containsKey(id)) {
                    violations.add("LOST: pay-in " + id + " was acknowledged (201) but has no payment order");
                }
            }
            Set<String> stored = ids("reckon_hotel", "SELECT reservation_id FROM reservation");
            for (String id : load.acknowledgedReservations) {
                if (!stored.contains(id)) {
                    violations.add("LOST: reservation " + id + " was acknowledged but is not stored");
                }
            }
        }
        return new Figures(orders.size(), charges.size(), reservations, hotels, journal);
    }

    private void inDoubt(List<String> violations) throws SQLException {
        for (String db : Postgres.DATABASES) {
            Set<String> prepared = ids(db, "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()");
            if (!prepared.isEmpty()) {
                violations.add(db + ": " + prepared.size() + " prepared transaction(s) still in doubt");
            }
        }
    }

    record Order(String id, String status, String seller, String currency, BigDecimal amount, BigDecimal refunded,
                 String pspToken) {
    }

    private Map<String, Order> orders() throws SQLException {
        Map<String, Order> orders = new HashMap<>();
        try (Connection c = platform.db("reckon_payment"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payment_order_id, status, seller_account, currency, amount, refunded_amount,"
                     + " psp_token FROM payment_order")) {
            while (rs.next()) {
                orders.put(rs.getString(1), new Order(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getString(7)));
            }
        }
        return orders;
    }

    /** Final, or waiting at the PSP by the PSP's own word. */
    private void paymentStates(Map<String, Order> orders, List<String> violations) {
        for (Order o : orders.values()) {
            switch (o.status) {
                case "SUCCESS", "FAILED", "PARTIALLY_REFUNDED", "REFUNDED" -> {
                }
                case "EXECUTING", "PENDING" -> {
                    if (o.pspToken == null) {
                        violations.add("payment order " + o.id + " " + o.status + " but never registered at the PSP");
                        continue;
                    }
                    String atPsp = pspStatus(o.id);
                    if (!Set.of("requires_payment_method", "pending", "processing").contains(atPsp)) {
                        violations.add("payment order " + o.id + " is " + o.status + " but the PSP says " + atPsp);
                    }
                }
                default -> violations.add("payment order " + o.id + " stuck in " + o.status);
            }
        }
    }

    private String pspStatus(String nonce) {
        Optional<Response> r = Api.call(platform.pspUrl("/api/v1/payments/" + nonce), null, "GET", null, null);
        if (r.isEmpty() || r.get().status() != 200) {
            return "no answer (" + r.map(Response::status).orElse(0) + ")";
        }
        return r.get().json().getString("status", "?");
    }

    /** Settlement lines of today and yesterday (UTC) against the orders. Returns charge nonce → amount. */
    private Map<String, String> pspAgainstOrders(Map<String, Order> orders, List<String> violations) {
        Map<String, String> charges = new HashMap<>();
        Map<String, BigDecimal> refunds = new HashMap<>();
        LocalDate today = Load.today();
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            Response csv = Api.must(platform.pspUrl("/api/v1/settlements/" + day), null, "GET", null);
            if (csv.status() != 200) {
                violations.add("PSP settlement " + day + " answered " + csv.status());
                continue;
            }
            for (String line : csv.body().split("\r\n")) {
                String[] f = line.split(",");
                if (f.length < 5 || f[0].equals("psp_reference")) {
                    continue;
                }
                String nonce = f[1];
                if (f[2].equals("charge")) {
                    String previous = charges.put(nonce, f[3] + " " + f[4]);
                    if (previous != null) {
                        violations.add("DUPLICATED: the PSP charged " + nonce + " twice");
                    }
                } else {
                    refunds.merge(nonce, new BigDecimal(f[3]), BigDecimal::add);
                }
            }
        }
        for (Map.Entry<String, String> charge : charges.entrySet()) {
            Order o = orders.get(charge.getKey());
            if (o == null) {
                violations.add("LOST: PSP charge " + charge.getKey() + " (" + charge.getValue() + ") has no payment order");
            } else if (!CHARGED.contains(o.status)) {
                violations.add("PSP charged " + o.id + " but Reckon says " + o.status);
            } else if (!(o.amount.stripTrailingZeros().toPlainString() + " " + o.currency)
                    .equals(new BigDecimal(charge.getValue().split(" ")[0]).stripTrailingZeros().toPlainString() + " "
                            + charge.getValue().split(" ")[1])) {
                violations.add("PSP charged " + charge.getValue() + " for " + o.id + ", Reckon recorded " + o.amount + " " + o.currency);
            }
        }
        for (Order o : orders.values()) {
            if (CHARGED.contains(o.status) && !charges.containsKey(o.id)) {
                violations.add("payment order " + o.id + " is " + o.status + " without a charge at the PSP");
            }
            BigDecimal refunded = refunds.getOrDefault(o.id, BigDecimal.ZERO);
            if (refunded.compareTo(o.refunded) != 0) {
                violations.add("payment order " + o.id + ": refunded " + o.refunded + " in Reckon, " + refunded + " at the PSP");
            }
        }
        return charges;
    }

    /** The ledger verifies itself; then it is reconciled with the payment database it shares no foreign key with. */
    private int ledger(Map<String, Order> orders, List<String> violations) throws SQLException {
        Response verify = Api.must(platform.reckonUrl("/v1/ledger/verify"), User.STAFF, "GET", null);
        if (verify.status() != 200 || !verify.json().getBoolean("ok", false)) {
            violations.add("ledger verify: " + verify.status() + " " + verify.body());
        }
        Map<String, Integer> payIns = new HashMap<>();
        int transactions;
        try (Connection c = platform.db("reckon_ledger"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT reference, COUNT(*) FROM journal_transaction WHERE kind = 'pay-in' GROUP BY reference")) {
                while (rs.next()) {
                    payIns.put(rs.getString(1), rs.getInt(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM journal_transaction")) {
                rs.next();
                transactions = rs.getInt(1);
            }
        }
        for (Order o : orders.values()) {
            int posted = payIns.getOrDefault(o.id, 0);
            int expected = CHARGED.contains(o.status) ? 1 : 0;
            if (posted != expected) {
                violations.add("payment order " + o.id + " (" + o.status + ") has " + posted + " pay-in journal transactions");
            }
        }
        payIns.keySet().stream().filter(id -> !orders.containsKey(id))
                .forEach(id -> violations.add("pay-in journal transaction for unknown order " + id));
        Map<String, Map<String, BigDecimal>> expected = new TreeMap<>();
        for (Order o : orders.values()) {
            if (CHARGED.contains(o.status)) {
                expected.computeIfAbsent(o.seller, k -> new TreeMap<>()).merge(o.currency, o.amount.subtract(o.refunded), BigDecimal::add);
            }
        }
        for (Map.Entry<String, Map<String, BigDecimal>> seller : expected.entrySet()) {
            if (seller.getKey().startsWith("wallet-")) {
                continue; // a customer wallet: its transfers move its ledger balance too; walletLedger() checks it
            }
            Response wallet = Api.must(platform.reckonUrl("/v1/wallets/" + seller.getKey()), User.STAFF, "GET", null);
            Map<String, BigDecimal> balances = new TreeMap<>();
            if (wallet.status() == 200) {
                for (JsonValue v : wallet.json().getJsonArray("balances")) {
                    JsonObject b = v.asJsonObject();
                    balances.put(b.getString("currency"), new BigDecimal(b.getString("balance")));
                }
            }
            for (Map.Entry<String, BigDecimal> e : seller.getValue().entrySet()) {
                BigDecimal actual = balances.getOrDefault(e.getKey(), BigDecimal.ZERO);
                if (actual.compareTo(e.getValue()) != 0) {
                    violations.add("wallet " + seller.getKey() + " " + e.getKey() + " is " + actual + ", its successful orders less refunds "
                            + e.getValue());
                }
            }
        }
        return transactions;
    }

    private int inventory(List<String> violations) throws SQLException {
        try (Connection c = platform.db("reckon_hotel"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT i.hotel_id, i.room_type_id, i.stay_date, i.total_reserved, i.max_reserved,"
                    + " COALESCE((SELECT SUM(r.number_of_rooms) FROM reservation r WHERE r.room_type_id = i.room_type_id"
                    + "   AND r.hotel_id = i.hotel_id AND r.status IN ('PENDING', 'PAID')"
                    + "   AND r.start_date <= i.stay_date AND r.end_date > i.stay_date), 0) AS held"
                    + " FROM room_type_inventory i"
                    + " WHERE i.total_reserved <> 0 OR EXISTS (SELECT 1 FROM reservation r WHERE r.room_type_id = i.room_type_id"
                    + "   AND r.start_date <= i.stay_date AND r.end_date > i.stay_date)")) {
                while (rs.next()) {
                    int reserved = rs.getInt(4);
                    int held = rs.getInt(6);
                    if (reserved != held || reserved > rs.getInt(5)) {
                        violations.add("inventory " + rs.getString(2) + " " + rs.getDate(3) + ": total_reserved " + reserved
                                + ", live reservations hold " + held + ", cap " + rs.getInt(5));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reservation")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Documents in the index = rows in the database, for hotels (id, name) and reservations (id, status). */
    private int searchIndex(List<String> violations) throws SQLException {
        Map<String, String> hotels = rows("reckon_hotel", "SELECT hotel_id, name FROM hotel WHERE deleted_at IS NULL");
        Map<String, String> reservations = rows("reckon_hotel", "SELECT reservation_id, status FROM reservation");
        compare("hotels", hotels, indexed("reckon-hotels", "name"), violations);
        compare("reservations", reservations, indexed("reckon-reservations", "status"), violations);
        return hotels.size();
    }

    private void compare(String index, Map<String, String> database, Map<String, String> indexed, List<String> violations) {
        for (Map.Entry<String, String> row : database.entrySet()) {
            String doc = indexed.get(row.getKey());
            if (doc == null) {
                violations.add("search: " + index + "/" + row.getKey() + " missing from the index");
            } else if (!doc.equals(row.getValue())) {
                violations.add("search: " + index + "/" + row.getKey() + " is stale: index says " + doc + ", database " + row.getValue());
            }
        }
        Set<String> extra = new HashSet<>(indexed.keySet());
        extra.removeAll(database.keySet());
        extra.forEach(id -> violations.add("search: " + index + "/" + id + " in the index but not in the database"));
    }

    private Map<String, String> indexed(String index, String field) {
        String es = platform.elasticsearch.url();
        Api.call(es + "/" + index + "/_refresh", null, "POST", null, null);
        Response r = Api.call(es + "/" + index + "/_search?size=10000", null, "POST",
                "{\"query\":{\"match_all\":{}},\"_source\":[\"" + field + "\"]}", null)
                .orElseThrow(() -> new IllegalStateException("Elasticsearch does not answer"));
        if (r.status() != 200) {
            throw new IllegalStateException("Elasticsearch search on " + index + " answered " + r.status() + ": " + r.body());
        }
        Map<String, String> docs = new HashMap<>();
        JsonArray hits = r.json().getJsonObject("hits").getJsonArray("hits");
        for (JsonValue hit : hits) {
            JsonObject h = hit.asJsonObject();
            docs.put(h.getString("_id"), h.getJsonObject("_source").getString(field, null));
        }
        return docs;
    }

    /** The wallet partitions' databases. */
    static List<String> walletDatabases() {
        return java.util.Arrays.stream(Postgres.DATABASES).filter(d -> d.startsWith("reckon_wallet_")).toList();
    }

    private void wallets(List<String> violations, WalletLoad load) throws SQLException {
        Map<String, BigDecimal> balances = new TreeMap<>();
        for (String db : walletDatabases()) {
            try (Connection c = platform.db(db); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT seq, account_id, balance_after FROM wallet_event WHERE balance_after < 0"
                        + " ORDER BY seq LIMIT 5")) {
                    while (rs.next()) {
                        violations.add(db + ": event " + rs.getLong(1) + " left " + rs.getString(2) + " at " + rs.getBigDecimal(3));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT transaction_id, try_from, second_phase, second_phase_status FROM tcc_phase"
                        + " WHERE second_phase_status IS NULL OR second_phase_status <> 'DONE' LIMIT 5")) {
                    while (rs.next()) {
                        violations.add(db + ": TC/C " + rs.getString(1) + " unfinished (try " + rs.getString(2) + ", " + rs.getString(3)
                                + " " + rs.getString(4) + ")");
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT transaction_id, step FROM saga_transfer"
                        + " WHERE step NOT IN ('DONE', 'FAILED', 'COMPENSATED') LIMIT 5")) {
                    while (rs.next()) {
                        violations.add(db + ": saga " + rs.getString(1) + " unfinished at " + rs.getString(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT (SELECT position FROM wallet_projection WHERE name = 'ledger'),"
                        + " (SELECT COALESCE(MAX(seq), 0) FROM wallet_event)")) {
                    rs.next();
                    if (rs.getLong(1) != rs.getLong(2)) {
                        violations.add(db + ": the ledger feed is at event " + rs.getLong(1) + " of " + rs.getLong(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT DISTINCT ON (account_id) account_id, balance_after FROM wallet_event"
                        + " WHERE balance_after IS NOT NULL ORDER BY account_id, seq DESC")) {
                    while (rs.next()) {
                        balances.put(rs.getString(1), rs.getBigDecimal(2));
                    }
                }
            }
        }
        if (balances.isEmpty()) {
            return; // no wallet yet
        }
        Response inv = Api.must(platform.reckonUrl("/v1/admin/wallet/invariants"), User.STAFF, "GET", null);
        if (inv.status() != 200 || !inv.json().getBoolean("holds", false)) {
            violations.add("wallet invariants: " + inv.status() + " " + inv.body());
        }
        Response rebuilt = Api.must(platform.reckonUrl("/v1/admin/wallet/rebuild-check"), User.STAFF, "GET", null);
        if (rebuilt.status() != 200 || !rebuilt.json().getBoolean("consistent", false)) {
            violations.add("wallet rebuild check: " + rebuilt.status() + " " + rebuilt.body());
        }
        walletLedger(balances, violations);
        if (load != null) {
            walletTransfers(load, violations);
        }
    }

    /** Each wallet's balance (its last event) = its ledger account's ({@code GET /v1/wallets/wallet-<id>}). */
    private void walletLedger(Map<String, BigDecimal> balances, List<String> violations) {
        for (Map.Entry<String, BigDecimal> w : balances.entrySet()) {
            BigDecimal inLedger = ledgerBalance(w.getKey());
            if (inLedger == null) {
                inLedger = BigDecimal.ZERO;
            }
            if (inLedger.compareTo(w.getValue()) != 0) {
                violations.add("wallet " + w.getKey() + " holds " + w.getValue() + ", its ledger account " + inLedger);
            }
        }
    }

    private BigDecimal ledgerBalance(String account) {
        Response r = Api.must(platform.reckonUrl("/v1/wallets/wallet-" + account), User.STAFF, "GET", null);
        if (r.status() != 200) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonValue v : r.json().getJsonArray("balances")) {
            sum = sum.add(new BigDecimal(v.asJsonObject().getString("balance")));
        }
        return sum;
    }

    /**
     * From the partitions' event lists: each transfer's debit of its from account, credit of its to
     * account and money given back to its from account. Complete: debited = credited = amount,
     * nothing given back. Undone: nothing credited, all debited given back.
     */
    private void walletTransfers(WalletLoad load, List<String> violations) throws SQLException {
        Map<String, BigDecimal[]> moved = new HashMap<>(); // tx → {debited from, credited to, given back}
        Map<String, WalletLoad.Transfer> byTx = new HashMap<>();
        load.transfers.keySet().forEach(t -> byTx.put(t.txId(), t));
        for (String db : walletDatabases()) {
            try (Connection c = platform.db(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT tx_id, type, account_id, amount, detail FROM wallet_event"
                         + " WHERE type IN ('DEBITED', 'CREDITED')")) {
                while (rs.next()) {
                    WalletLoad.Transfer t = byTx.get(rs.getString(1));
                    if (t == null) {
                        continue;
                    }
                    BigDecimal[] m = moved.computeIfAbsent(t.txId(), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                    String account = rs.getString(3);
                    int slot = "DEBITED".equals(rs.getString(2)) ? 0 : account.equals(t.to()) ? 1 : 2;
                    if (slot == 0 && !account.equals(t.from()) || slot == 2 && !account.equals(t.from())) {
                        violations.add("transfer " + t.txId() + " moved money of " + account + ", neither of its accounts");
                        continue;
                    }
                    m[slot] = m[slot].add(rs.getBigDecimal(4));
                }
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        for (String account : load.accounts().keySet()) {
            total = total.add(load.balance(account).orElseThrow(() -> new IllegalStateException("no answer for " + account)));
        }
        if (total.compareTo(load.fundedTotal()) != 0) {
            violations.add("the load's wallets hold " + total + " EUR in all, they were funded with " + load.fundedTotal());
        }
        for (Map.Entry<WalletLoad.Transfer, WalletLoad.Answer> e : load.transfers.entrySet()) {
            WalletLoad.Transfer t = e.getKey();
            BigDecimal[] m = moved.getOrDefault(t.txId(), new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            boolean complete = m[0].compareTo(t.amount()) == 0 && m[1].compareTo(t.amount()) == 0 && m[2].signum() == 0;
            boolean undone = m[1].signum() == 0 && m[0].compareTo(m[2]) == 0 && m[0].compareTo(t.amount()) <= 0;
            String what = t.protocol() + " transfer " + t.txId() + " of " + t.amount() + " (told " + e.getValue() + "): debited "
                    + m[0] + ", credited " + m[1] + ", given back " + m[2];
            if (e.getValue() == WalletLoad.Answer.SUCCESS && !complete) {
                violations.add("LOST: acknowledged " + what);
            } else if (e.getValue() == WalletLoad.Answer.REFUSED && !undone) {
                violations.add("refused but not undone: " + what);
            } else if (!complete && !undone) {
                violations.add("half done: " + what);
            }
        }
    }

    /**
     * Where one transfer stands, from the partitions' event lists and its phase row: "complete",
     * "undone", or what is half-done (money debited and neither credited nor given back, a phase
     * row unfinished).
     */
    public String walletOutcome(WalletLoad.Transfer t) throws SQLException {
        BigDecimal debited = BigDecimal.ZERO;
        BigDecimal credited = BigDecimal.ZERO;
        BigDecimal givenBack = BigDecimal.ZERO;
        String phase = null;
        for (String db : walletDatabases()) {
            try (Connection c = platform.db(db)) {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT type, account_id, amount FROM wallet_event"
                        + " WHERE tx_id = ? AND type IN ('DEBITED', 'CREDITED')")) {
                    ps.setString(1, t.txId());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if ("DEBITED".equals(rs.getString(1))) {
                                debited = debited.add(rs.getBigDecimal(3));
                            } else if (rs.getString(2).equals(t.to())) {
                                credited = credited.add(rs.getBigDecimal(3));
                            } else {
                                givenBack = givenBack.add(rs.getBigDecimal(3));
                            }
                        }
                    }
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT 'TC/C ' || try_from || ' ' || COALESCE(second_phase, '-')"
                        + " || ' ' || COALESCE(second_phase_status, '-') FROM tcc_phase WHERE transaction_id = ?"
                        + " UNION ALL SELECT 'saga ' || step FROM saga_transfer WHERE transaction_id = ?")) {
                    ps.setString(1, t.txId());
                    ps.setString(2, t.txId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            phase = rs.getString(1);
                        }
                    }
                }
            }
        }
        boolean phaseDone = phase == null || phase.endsWith(" DONE") || phase.equals("saga FAILED") || phase.equals("saga COMPENSATED");
        if (phaseDone && debited.compareTo(t.amount()) == 0 && credited.compareTo(t.amount()) == 0 && givenBack.signum() == 0) {
            return "complete";
        }
        if (phaseDone && credited.signum() == 0 && debited.compareTo(givenBack) == 0) {
            return "undone";
        }
        return "half: debited " + debited + ", credited " + credited + ", given back " + givenBack + (phase == null ? "" : ", " + phase);
    }

    /** The gids of every prepared (in-doubt) transaction, in every database of the suite. */
    public Set<String> preparedEverywhere() throws SQLException {
        Set<String> all = new HashSet<>();
        for (String db : Postgres.DATABASES) {
            all.addAll(ids(db, "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"));
        }
        return all;
    }

    /** Prepared (in-doubt) transactions in the wallet partitions' databases. */
    public int walletPrepared() throws SQLException {
        int prepared = 0;
        for (String db : walletDatabases()) {
            prepared += ids(db, "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()").size();
        }
        return prepared;
    }

    private Map<String, String> rows(String db, String sql) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = platform.db(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    public Set<String> ids(String db, String sql) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = platform.db(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** A single number from the payment database's connection (cluster-wide views answer the same from any). */
    public long millis(String sql) throws SQLException {
        try (Connection c = platform.db(Postgres.DATABASES[0]); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
