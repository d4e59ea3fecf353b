package org.reckon.faults.support;

import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.reckon.faults.support.Api.Response;
import org.reckon.faults.support.Api.User;

/**
 * The wallet's load while faults are injected (issue 12): EUR wallets of alice spread over the
 * partitions, each funded through a real top-up (a pay-in whose seller is the wallet, paid at the
 * PSP sandbox), so the ledger holds every euro the wallets hold. Clients then send the book's
 * {@code POST /v1/wallet/balance_transfer} between random accounts of different partitions, the
 * protocol (XA, TCC, SAGA) drawn at random for each. A client behaves as the book's client should:
 * a transfer that got no answer or a 5xx is sent again identically (same transaction_id, body
 * and protocol) until it gets a definite answer (200, or a 4xx). What each transfer was told is
 * recorded, so {@link Invariants#wallet} can prove every acknowledged transfer complete and every
 * refused one fully undone. A sampler reads the wallet's invariants (money conserved, no
 * negative balance) while the server answers.
 */
public final class WalletLoad {

    public static final String[] PROTOCOLS = {"XA", "TCC", "SAGA"};

    /** What a client was finally told about one transfer. */
    public enum Answer { SUCCESS, REFUSED, UNKNOWN }

    public record Transfer(String txId, String from, String to, BigDecimal amount, String protocol) {
    }

    public final Map<Transfer, Answer> transfers = new ConcurrentHashMap<>();
    public final Map<String, AtomicLong> acknowledgedByProtocol = new ConcurrentHashMap<>();
    public final AtomicLong retries = new AtomicLong();
    /** When each resend happened (epoch millis): the kill case counts them between a kill and the restart. */
    public final java.util.Queue<Long> resentAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Transactions whose client gave up when the server died (the one a crash point parked): never resent. */
    public final java.util.Set<String> abandoned = ConcurrentHashMap.newKeySet();
    public final AtomicLong unexpected = new AtomicLong();
    public final List<String> unexpectedSamples = new CopyOnWriteArrayList<>();
    public final AtomicLong samples = new AtomicLong();
    public final AtomicLong samplesViolated = new AtomicLong();
    public final List<String> violatedSamples = new CopyOnWriteArrayList<>();
    /** Accepted transfers per partition of the from account, counted by the client (during an outage, say). */
    public final Map<String, AtomicLong> acceptedByRoute = new ConcurrentHashMap<>();

    private final Platform platform;
    /** account id → partition */
    private final Map<String, Integer> accounts = new TreeMap<>();
    private final BigDecimal funded;
    /** The wallet's partition count, as the accounts it opened showed it. */
    private int partitions = 2;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long giveUpAt = Long.MAX_VALUE;

    private WalletLoad(Platform platform, BigDecimal funded) {
        this.platform = platform;
        this.funded = funded;
    }

    /**
     * Opens {@code perPartition} EUR accounts of alice in each of the wallet's partitions and tops
     * each up with {@code amount} through the PSP; returns once every wallet shows its money.
     */
    public static WalletLoad fund(Platform platform, int perPartition, String amount) {
        WalletLoad load = new WalletLoad(platform, new BigDecimal(amount));
        Map<Integer, Integer> opened = new TreeMap<>();
        int partitions = 2;
        for (int i = 0; i < 200 && (opened.size() < partitions || opened.values().stream().anyMatch(n -> n < perPartition)); i++) {
            Response r = Api.must(platform.reckonUrl("/v1/wallet/accounts"), User.ALICE, "POST", "{\"currency\":\"EUR\"}");
            if (r.status() != 201) {
                throw new IllegalStateException("opening a wallet: " + r.status() + " " + r.body());
            }
            JsonObject a = r.json();
            int partition = a.getInt("partition");
            partitions = Math.max(partitions, partition + 1);
            if (opened.getOrDefault(partition, 0) < perPartition) {
                opened.merge(partition, 1, Integer::sum);
                load.accounts.put(a.getString("account_id"), partition);
            }
        }
        load.partitions = partitions;
        List<String> orders = new ArrayList<>();
        for (String account : load.accounts.keySet()) {
            Response r = Api.must(platform.reckonUrl("/v1/wallet/accounts/" + account + "/top-ups"), User.ALICE, "POST",
                    "{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}");
            if (r.status() != 201) {
                throw new IllegalStateException("a top-up: " + r.status() + " " + r.body());
            }
            orders.add(r.json().getString("payment_order_id"));
        }
        for (String order : orders) {
            String token = Awaitility.await("the PSP page of top-up " + order).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> Api.call(platform.reckonUrl("/v1/payments/" + order), User.ALICE,
                            "GET", null, null).filter(Response::ok).map(Response::json)
                            .filter(o -> o.containsKey("psp_token") && !o.isNull("psp_token"))
                            .map(o -> o.getString("psp_token")).orElse(null), java.util.Objects::nonNull);
            Response paid = Api.must(platform.pspUrl("/api/v1/payments/" + token + "/confirm"), null, "POST",
                    "{\"card_number\":\"4242424242424242\",\"holder\":\"Wallet Fault\",\"expiry\":\"12/30\",\"cvv\":\"123\"}");
            if (paid.status() != 200) {
                throw new IllegalStateException("paying top-up " + order + " at the PSP: " + paid.status() + " " + paid.body());
            }
        }
        for (String account : load.accounts.keySet()) {
            Awaitility.await("wallet " + account + " credited by its top-up").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250)).until(() -> load.balance(account).orElse(null),
                            b -> b != null && b.compareTo(load.funded) == 0);
        }
        return load;
    }

    public Map<String, Integer> accounts() {
        return accounts;
    }

    /** Total money the load's wallets were funded with (EUR). */
    public BigDecimal fundedTotal() {
        return funded.multiply(BigDecimal.valueOf(accounts.size()));
    }

    /** The account's balance on the write side ({@code GET /v1/wallet/accounts/{id}}), empty when there is no answer. */
    public Optional<BigDecimal> balance(String account) {
        return Api.call(platform.reckonUrl("/v1/wallet/accounts/" + account), User.ALICE, "GET", null, null)
                .filter(Response::ok).map(r -> new BigDecimal(r.json().getString("balance")));
    }

    private static final java.util.Set<WalletLoad> STARTED = ConcurrentHashMap.newKeySet();

    /** Stops the wallet load a failed scenario left running, as {@link Load#stopAll} does for its load. */
    public static void stopAll() {
        for (WalletLoad load : STARTED) {
            load.stop(0);
        }
    }

    /** {@code clients} transfer clients (cross-partition, protocols mixed) and one invariant sampler. */
    public WalletLoad start(int clients) {
        return start(clients, 0);
    }

    /**
     * {@code clients} transfer clients and one invariant sampler; each client sends one transfer in
     * {@code localEvery} (0: none) between two accounts of the same partition (LOCAL), the others
     * across partitions with the protocol drawn at random.
     */
    public WalletLoad start(int clients, int localEvery) {
        STARTED.add(this);
        running = true;
        for (int i = 0; i < clients; i++) {
            threads.add(daemon("wallet-client-" + i, () -> {
                while (running) {
                    boolean local = localEvery > 0 && ThreadLocalRandom.current().nextInt(localEvery) == 0;
                    transferOnce(null, local ? "LOCAL" : null);
                }
            }));
        }
        threads.add(daemon("wallet-sampler", this::sample));
        return this;
    }

    /** No new transfers; the ones under way are retried for at most {@code graceSeconds}. */
    public WalletLoad stop(int graceSeconds) {
        running = false;
        giveUpAt = System.nanoTime() + graceSeconds * 1_000_000_000L;
        for (Thread t : threads) {
            try {
                t.join(graceSeconds * 1000L + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        STARTED.remove(this);
        return this;
    }

    /**
     * The partition a transaction id is claimed in: CRC-32 of the id modulo the partition count,
     * the rule docs/wallet.md states for accounts and transaction ids alike. A transfer needs the
     * partitions of its two accounts and of its id's claim.
     */
    private int home(String txId) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(txId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /**
     * One transfer between random accounts of different partitions, resent until it gets a
     * definite answer; {@code fromPartition} and {@code protocol} fix them when not null
     * ({@code LOCAL}: to an account of the same partition, under a transaction id claimed in that
     * partition too). Returns the answer.
     */
    public Answer transferOnce(Integer fromPartition, String protocol) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> ids = new ArrayList<>(accounts.keySet());
        String from;
        do {
            from = ids.get(random.nextInt(ids.size()));
        } while (fromPartition != null && accounts.get(from) != fromPartition.intValue());
        boolean local = "LOCAL".equals(protocol); // both accounts in the from account's partition
        String to;
        do {
            to = ids.get(random.nextInt(ids.size()));
        } while (to.equals(from) || accounts.get(to).equals(accounts.get(from)) != local);
        String txId;
        do {
            txId = UUID.randomUUID().toString();
        } while (local && fromPartition != null && home(txId) != fromPartition.intValue());
        Transfer t = new Transfer(txId, from, to,
                new BigDecimal(random.nextInt(1, 40) + "." + String.format("%02d", random.nextInt(100))),
                protocol != null ? protocol : PROTOCOLS[random.nextInt(PROTOCOLS.length)]);
        transfers.put(t, Answer.UNKNOWN);
        String body = "{\"from_account\":\"" + t.from + "\",\"to_account\":\"" + t.to + "\",\"amount\":\"" + t.amount.toPlainString()
                + "\",\"currency\":\"EUR\",\"transaction_id\":\"" + t.txId + "\"}";
        String url = platform.reckonUrl("/v1/wallet/balance_transfer" + (local ? "" : "?protocol=" + t.protocol));
        while (true) {
            Optional<Response> r = Api.call(url, User.ALICE, "POST", body, null);
            if (r.isPresent() && r.get().status() == 200) {
                transfers.put(t, Answer.SUCCESS);
                acknowledgedByProtocol.computeIfAbsent(r.get().json().getString("protocol"), k -> new AtomicLong()).incrementAndGet();
                acceptedByRoute.computeIfAbsent(accounts.get(t.from) + "->" + accounts.get(t.to), k -> new AtomicLong()).incrementAndGet();
                return Answer.SUCCESS;
            }
            if (r.isPresent() && r.get().status() == 422) {
                transfers.put(t, Answer.REFUSED);
                return Answer.REFUSED;
            }
            if (r.isPresent() && r.get().status() < 500) {
                unexpected.incrementAndGet();
                note(unexpectedSamples, t.protocol + " " + r.get().status() + " " + r.get().body());
                return Answer.UNKNOWN;
            }
            if (!running && System.nanoTime() > giveUpAt || abandoned.contains(t.txId)) {
                return Answer.UNKNOWN;
            }
            retries.incrementAndGet();
            resentAt.add(System.currentTimeMillis());
            Platform.sleep(300);
        }
    }

    /** Reads the wallet's invariants every 250 ms while the server answers: conserved, none negative, at each read. */
    private void sample() {
        while (running) {
            Optional<Response> r = Api.call(platform.reckonUrl("/v1/admin/wallet/invariants"), User.STAFF, "GET", null, null);
            if (r.isPresent() && r.get().status() == 200) {
                samples.incrementAndGet();
                JsonObject inv = r.get().json();
                if (!inv.getBoolean("holds") || inv.getJsonNumber("negative_balances").longValue() != 0) {
                    samplesViolated.incrementAndGet();
                    note(violatedSamples, inv.toString());
                }
            }
            Platform.sleep(250);
        }
    }

    /** The transfer of a transaction id sent by this load. */
    public Optional<Transfer> transfer(String txId) {
        return transfers.keySet().stream().filter(t -> t.txId.equals(txId)).findFirst();
    }

    public long count(Answer answer) {
        return transfers.values().stream().filter(a -> a == answer).count();
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d transfers sent (%d acknowledged %s, %d refused with 422, %d without a "
                        + "definite answer); %d requests resent after no answer or a 5xx; %d unexpected answers %s; invariants "
                        + "sampled %d times while the server answered, %d violated %s",
                transfers.size(), count(Answer.SUCCESS), new TreeMap<>(acknowledgedByProtocol), count(Answer.REFUSED),
                count(Answer.UNKNOWN), retries.get(), unexpected.get(), unexpectedSamples, samples.get(), samplesViolated.get(),
                violatedSamples);
    }

    private static void note(List<String> samples, String sample) {
        if (samples.size() < 5) {
            samples.add(sample.length() > 300 ? sample.substring(0, 300) : sample);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
