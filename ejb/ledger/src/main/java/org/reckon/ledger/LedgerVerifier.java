package org.reckon.ledger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.hibernate.Session;
import org.reckon.ledger.domain.AccountBalance;
import org.reckon.ledger.domain.JournalEntry;
import org.reckon.ledger.domain.JournalHead;
import org.reckon.ledger.domain.JournalTransaction;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Checks the whole journal from its entries: every transaction sums to zero per currency, so
 * does the journal; every account's stored balance (the sum of its shards) equals the sum of its
 * entries; each of the {@link JournalHead#CHAINS} hash chains is unbroken from its first
 * transaction to its head, and every hash matches its content.
 * Reads in pages, in one read-only transaction on one snapshot, so the picture is consistent
 * even while postings commit.
 */
@Stateless
public class LedgerVerifier {

    private static final Logger LOG = Logger.getLogger(LedgerVerifier.class.getName());
    /** PostgreSQL: SET TRANSACTION after the transaction's first query. */
    private static final String ACTIVE_SQL_TRANSACTION = "25001";
    private static final int PAGE = 500;
    private static final String GENESIS = "0".repeat(64);

    @PersistenceContext(unitName = "ledger")
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public LedgerVerification verify() {
        readFromOneSnapshot();
        List<String> problems = new ArrayList<>();
        Map<String, BigDecimal> journalTotals = new TreeMap<>();
        Map<String, BigDecimal> accountSums = new HashMap<>();
        Map<Integer, String> previousHash = new HashMap<>();
        Map<Integer, Long> expectedSequence = new HashMap<>();
        long transactions = 0;
        long entries = 0;

        for (int page = 0; ; page++) {
            List<JournalTransaction> batch = em.createQuery(
                            "SELECT t FROM JournalTransaction t ORDER BY t.chain, t.sequence", JournalTransaction.class)
                    .setFirstResult(page * PAGE).setMaxResults(PAGE).getResultList();
            if (batch.isEmpty()) {
                break;
            }
            Map<String, List<JournalEntry>> lines = linesOf(batch);
            for (JournalTransaction tx : batch) {
                List<JournalEntry> txLines = lines.getOrDefault(tx.id(), List.of());
                transactions++;
                entries += txLines.size();
                int chain = tx.chain();
                long expected = expectedSequence.getOrDefault(chain, 1L);
                if (tx.sequence() != expected) {
                    problems.add("sequence gap in chain " + chain + ": expected " + expected + ", found " + tx.sequence()
                            + " (" + tx.id() + ")");
                }
                expectedSequence.put(chain, tx.sequence() + 1);
                if (!tx.previousHash().equals(previousHash.getOrDefault(chain, GENESIS))) {
                    problems.add("chain " + chain + " broken at sequence " + tx.sequence()
                            + ": previous_hash does not match the hash before it");
                }
                if (!JournalTransaction.chainHash(tx.previousHash(), tx, txLines).equals(tx.hash())) {
                    problems.add("transaction " + tx.id() + " (chain " + chain + ", sequence " + tx.sequence()
                            + ") does not match its hash: altered");
                }
                previousHash.put(chain, tx.hash());
                Map<String, BigDecimal> txTotals = new TreeMap<>();
                for (JournalEntry e : txLines) {
                    txTotals.merge(e.currency(), e.amount(), BigDecimal::add);
                    journalTotals.merge(e.currency(), e.amount(), BigDecimal::add);
                    accountSums.merge(e.accountId(), e.amount(), BigDecimal::add);
                }
                if (txLines.size() < 2) {
                    problems.add("transaction " + tx.id() + " has " + txLines.size() + " entries");
                }
                txTotals.forEach((currency, sum) -> {
                    if (sum.signum() != 0) {
                        problems.add("transaction " + tx.id() + " sums to " + sum.toPlainString() + " " + currency);
                    }
                });
            }
            em.clear();
        }

        journalTotals.forEach((currency, sum) -> {
            if (sum.signum() != 0) {
                problems.add("the journal sums to " + sum.toPlainString() + " " + currency + ", not zero");
            }
        });
        List<JournalHead> heads = em.createQuery("SELECT h FROM JournalHead h ORDER BY h.id", JournalHead.class)
                .getResultList();
        for (JournalHead head : heads) {
            long last = expectedSequence.getOrDefault(head.chain(), 1L) - 1;
            if (head.sequence() != last || !head.hash().equals(previousHash.getOrDefault(head.chain(), GENESIS))) {
                problems.add("the head of chain " + head.chain() + " (sequence " + head.sequence()
                        + ") is not its last transaction (sequence " + last + ")");
            }
            expectedSequence.remove(head.chain());
        }
        expectedSequence.keySet().forEach(chain -> problems.add("transactions on chain " + chain + ", which has no head"));
        Map<String, BigDecimal> stored = new TreeMap<>();
        for (AccountBalance shard : em.createQuery("SELECT b FROM AccountBalance b", AccountBalance.class).getResultList()) {
            stored.merge(shard.accountId(), shard.balance(), BigDecimal::add);
        }
        stored.forEach((account, balance) -> {
            BigDecimal sum = accountSums.getOrDefault(account, BigDecimal.ZERO);
            if (sum.compareTo(balance) != 0) {
                problems.add("balance of " + account + " is " + balance.toPlainString()
                        + " but its entries sum to " + sum.toPlainString());
            }
            accountSums.remove(account);
        });
        accountSums.forEach((account, sum) -> problems.add("account " + account + " has entries but no balance"));

        Map<String, String> totals = new TreeMap<>();
        journalTotals.forEach((currency, sum) -> totals.put(currency, sum.stripTrailingZeros().toPlainString()));
        return new LedgerVerification(problems.isEmpty(), transactions, entries, stored.size(), totals, problems);
    }

    /**
     * On PostgreSQL every read of this transaction sees the state committed when its first one
     * began: REPEATABLE READ, read only. Under READ COMMITTED each statement saw a newer state, and
     * a pay-in committing between two reads was reported as a chain gap or a stale head (found by
     * the fault suite under load). It must be the transaction's first statement, hence REQUIRES_NEW.
     * H2 (dev) keeps its default: one process, and verifying under load is not what dev is for.
     */
    private void readFromOneSnapshot() {
        em.unwrap(Session.class).doWork(connection -> {
            if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                } catch (SQLException e) {
                    if (!ACTIVE_SQL_TRANSACTION.equals(e.getSQLState())) {
                        throw e;
                    }
                    // the connection came with a server transaction already running: what the
                    // no-tx-separate-pool note of datasources-postgresql.cli prevents. Should it
                    // happen anyway, the caller gets a 503 that says so, not a 500
                    LOG.warning("ledger verification refused: its connection was already inside a transaction: " + e);
                    throw new ReckonException(ErrorCode.DATABASE_UNAVAILABLE, "The ledger verification could not start"
                            + " on a fresh snapshot (its database connection was already inside a transaction);"
                            + " nothing was changed, retry shortly");
                }
            }
        });
    }

    private Map<String, List<JournalEntry>> linesOf(List<JournalTransaction> batch) {
        Map<String, List<JournalEntry>> lines = new HashMap<>();
        em.createQuery("SELECT e FROM JournalEntry e WHERE e.transactionId IN :ids ORDER BY e.transactionId, e.line",
                        JournalEntry.class)
                .setParameter("ids", batch.stream().map(JournalTransaction::id).toList())
                .getResultList()
                .forEach(e -> lines.computeIfAbsent(e.transactionId(), k -> new ArrayList<>()).add(e));
        return lines;
    }
}
