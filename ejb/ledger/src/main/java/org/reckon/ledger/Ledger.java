package org.reckon.ledger;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.reckon.ledger.domain.AccountBalance;
import org.reckon.ledger.domain.AccountType;
import org.reckon.ledger.domain.JournalEntry;
import org.reckon.ledger.domain.JournalHead;
import org.reckon.ledger.domain.JournalTransaction;
import org.reckon.ledger.domain.LedgerAccount;
import org.reckon.ledger.domain.Posting;
import org.reckon.platform.persistence.Entities;
import org.reckon.shared.money.Money;

/**
 * The double-entry ledger (chapter 11, Table 11.5). Posts balanced, hash-chained transactions,
 * once per business event ({@code kind}, {@code reference}), and keeps each account's balance in
 * the same transaction. Joins the caller's transaction: a payment's status, the wallet and the
 * journal commit together or not at all.
 */
@Stateless
public class Ledger {

    public static final String PAY_IN = "pay-in";
    public static final String REFUND = "refund";
    public static final String TRANSFER_LEG = "transfer-leg";

    @PersistenceContext(unitName = "ledger")
    EntityManager em;

    @EJB
    LedgerAccounts accounts;

    private final Clock clock = Clock.systemUTC();

    /** A succeeded pay-in: the PSP owes us the money (asset), we owe it to the seller (wallet). */
    public JournalTransaction recordPayIn(String paymentOrderId, String sellerAccount, Money amount) {
        return postOnce(PAY_IN, paymentOrderId, () -> List.of(
                opened(LedgerAccount.pspReceivable(amount.currency()), AccountType.ASSET, amount, Posting::debit),
                opened(LedgerAccount.sellerWallet(sellerAccount, amount.currency()), AccountType.LIABILITY, amount,
                        Posting::credit)));
    }

    /** A refund reverses (part of) a pay-in: the seller's wallet gives back what the PSP returns. */
    public JournalTransaction recordRefund(String refundId, String sellerAccount, Money amount) {
        return postOnce(REFUND, refundId, () -> List.of(
                opened(LedgerAccount.sellerWallet(sellerAccount, amount.currency()), AccountType.LIABILITY, amount,
                        Posting::debit),
                opened(LedgerAccount.pspReceivable(amount.currency()), AccountType.ASSET, amount, Posting::credit)));
    }

    /**
     * One leg of a wallet-to-wallet transfer, through the transfers' clearing account (a
     * liability: money we owe, between two wallets): out of the seller's wallet into clearing, or
     * out of clearing into the seller's wallet. Its balance is the money in flight.
     */
    public JournalTransaction recordTransferLeg(String reference, String sellerAccount, Money amount, boolean out) {
        String wallet = LedgerAccount.sellerWallet(sellerAccount, amount.currency());
        String clearing = LedgerAccount.transfersInFlight(amount.currency());
        return postOnce(TRANSFER_LEG, reference, () -> out
                ? List.of(opened(wallet, AccountType.LIABILITY, amount, Posting::debit),
                        opened(clearing, AccountType.LIABILITY, amount, Posting::credit))
                : List.of(opened(clearing, AccountType.LIABILITY, amount, Posting::debit),
                        opened(wallet, AccountType.LIABILITY, amount, Posting::credit)));
    }

    /** Appends a balanced transaction, or returns the one already posted for (kind, reference). */
    public JournalTransaction post(String kind, String reference, List<Posting> postings) {
        return postOnce(kind, reference, () -> postings);
    }

    /**
     * Looks for (kind, reference) once, and only when it was never posted makes the postings (which
     * may open accounts) and appends them. Each record* method used to look it up, and then post
     * looked again: two identical SELECTs in every pay-in's transaction (issue 15).
     */
    private JournalTransaction postOnce(String kind, String reference, Supplier<List<Posting>> postingsOf) {
        Optional<JournalTransaction> existing = find(kind, reference);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<Posting> postings = postingsOf.get();
        JournalHead head = Entities.find(em, JournalHead.class, JournalHead.chainFor(kind, reference),
                LockModeType.PESSIMISTIC_WRITE);
        JournalTransaction tx = JournalTransaction.append(head, kind, reference, clock.instant(), postings);
        em.persist(tx);
        for (JournalEntry entry : tx.newEntries()) {
            em.persist(entry);
            // the balance shard of this chain: only postings of the same chain (already serialized
            // by its head) touch it, so this lock never waits
            AccountBalance balance = Entities.find(em, AccountBalance.class, new AccountBalance.Key(entry.accountId(), tx.chain()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (balance == null) {
                balance = new AccountBalance(entry.accountId(), tx.chain());
                em.persist(balance);
            }
            balance.apply(entry.amount(), tx.sequence());
        }
        return tx;
    }

    public Optional<JournalTransaction> find(String kind, String reference) {
        return em.createQuery("SELECT t FROM JournalTransaction t WHERE t.kind = :kind AND t.reference = :reference",
                        JournalTransaction.class)
                .setParameter("kind", kind)
                .setParameter("reference", reference)
                .getResultStream().findFirst();
    }

    public Optional<LedgerAccount> account(String accountId) {
        return Optional.ofNullable(Entities.find(em, LedgerAccount.class, accountId));
    }

    /** Accounts whose id starts with a prefix, e.g. all wallets of one seller. */
    public List<LedgerAccount> accountsStartingWith(String prefix) {
        return em.createQuery("SELECT a FROM LedgerAccount a WHERE a.id LIKE :prefix ORDER BY a.id", LedgerAccount.class)
                .setParameter("prefix", prefix.replace("%", "\\%").replace("_", "\\_") + "%")
                .getResultList();
    }

    /** Balance now, on the account's normal side (a wallet with money in it is positive). */
    public Money balance(LedgerAccount account) {
        BigDecimal signed = em.createQuery("SELECT COALESCE(SUM(b.balance), 0) FROM AccountBalance b"
                        + " WHERE b.accountId = :account", BigDecimal.class)
                .setParameter("account", account.id())
                .getSingleResult();
        return presented(account, signed);
    }

    /** Balance as of an instant: the sum of the entries of transactions that occurred by then. */
    public Money balanceAsOf(LedgerAccount account, Instant asOf) {
        BigDecimal signed = em.createQuery("SELECT COALESCE(SUM(e.amount), 0) FROM JournalEntry e, JournalTransaction t"
                        + " WHERE e.transactionId = t.id AND e.accountId = :account AND t.occurredAt <= :asOf", BigDecimal.class)
                .setParameter("account", account.id())
                .setParameter("asOf", asOf)
                .getSingleResult();
        return presented(account, signed);
    }

    /** An account's entries, newest first. */
    public List<LedgerLine> entries(String accountId, int page, int size) {
        return em.createQuery("SELECT new org.reckon.ledger.LedgerLine(t.id, t.sequence, t.kind, t.reference,"
                        + " t.occurredAt, e.line, e.amount, e.currency) FROM JournalEntry e, JournalTransaction t"
                        + " WHERE e.transactionId = t.id AND e.accountId = :account"
                        + " ORDER BY t.occurredAt DESC, t.chain DESC, t.sequence DESC, e.line",
                        LedgerLine.class)
                .setParameter("account", accountId)
                .setFirstResult(Math.toIntExact((long) page * size)) // never a silent int overflow
                .setMaxResults(size)
                .getResultList();
    }

    public long entryCount(String accountId) {
        return em.createQuery("SELECT COUNT(e) FROM JournalEntry e WHERE e.accountId = :account", Long.class)
                .setParameter("account", accountId).getSingleResult();
    }

    private static Money presented(LedgerAccount account, BigDecimal signed) {
        return new Money(account.type().presented(signed), account.currency());
    }

    private interface Side {
        Posting of(String accountId, Money amount);
    }

    private Posting opened(String accountId, AccountType type, Money amount, Side side) {
        if (OpenAccounts.known(accountId)) {
            return side.of(accountId, amount);
        }
        if (Entities.find(em, LedgerAccount.class, accountId) == null) {
            try {
                accounts.open(accountId, type, amount.currency());
            } catch (EJBException | PersistenceException e) {
                // opened at the same moment by a posting on another chain: then it exists now
                if (Entities.find(em, LedgerAccount.class, accountId) == null) {
                    throw e;
                }
            }
        }
        OpenAccounts.remember(accountId);
        return side.of(accountId, amount);
    }
}
