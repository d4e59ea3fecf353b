package org.reckon.wallet;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.Listing;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.domain.WalletError;
import org.reckon.wallet.domain.WalletState;
import org.reckon.wallet.engine.Answers;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.PartitionLog;
import org.reckon.wallet.engine.PartitionOvertakenException;
import org.reckon.wallet.engine.PartitionUnavailableException;
import org.reckon.wallet.engine.WalletEngines;

/**
 * The wallet's use cases: open an account, read balances (now, or as of an event or instant),
 * read the history, and the book's balance transfer. A transfer inside one partition is one
 * command of its writer; across partitions it runs by the protocol configured or asked for (XA,
 * TC/C, Saga), except that a transaction id already decided keeps the protocol it was decided by.
 * Every transfer first claims its transaction id in the partition the id hashes to (a CLAIM
 * command), so a reuse is caught whichever partitions the two uses' from_accounts live in.
 *
 * No JTA transaction here: the writers make their own appends durable, and the XA protocol opens
 * its own distributed transaction, so a rejection it records is committed, not rolled back with
 * the 422.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Wallets {

    /** Runs of one XA transfer when another node's writer keeps appending to its partitions first. */
    private static final int XA_ATTEMPTS = 10;

    /** An account as read from its partition's state, copied out of the writer's hands. */
    private record Account(String id, String owner, String currency, BigDecimal balance) {
        static Account of(WalletState.Account a) {
            return a == null ? null : new Account(a.id(), a.owner(), a.currency(), a.balance());
        }
    }

    @EJB
    WalletEngines engines;

    @EJB
    XaTransfers xa;

    @EJB
    TccTransfers tcc;

    @EJB
    SagaTransfers saga;

    @Inject
    WalletSettings settings;

    @Resource
    ManagedExecutorService executor;

    public AccountView open(Caller caller, Currency currency) {
        String id = "w-" + UUID.randomUUID();
        PartitionEngine engine = engines.of(id);
        Outcome o = Answers.await(engine.partition(), engine.submit(new Command.Open(id, caller.name(), currency.getCurrencyCode())));
        if (!o.accepted()) {
            throw new ReckonException(o.rejection(), "the account could not be opened");
        }
        return account(id, caller, null, null);
    }

    /** The caller's accounts, from the balance read models (eventually consistent with the event lists). */
    public List<AccountView> mine(Caller caller) {
        List<AccountView> mine = new ArrayList<>();
        for (PartitionEngine engine : engines.all()) {
            try {
                for (PartitionLog.BalanceRow r : engine.log().balancesOf(caller.name())) {
                    mine.add(new AccountView(r.accountId(), r.owner(), r.currency(), wire(r.balance(), r.currency()),
                            engine.partition()));
                }
            } catch (SQLException e) {
                throw new PartitionUnavailableException(engine.partition(), e.getMessage());
            }
        }
        mine.sort(Comparator.comparing(AccountView::accountId));
        return mine;
    }

    /** The account now, or as of an instant or after an event of its partition (at most one of them). */
    public AccountView account(String id, Caller caller, Instant at, Long seq) {
        PartitionEngine engine = engines.of(id);
        Account a = visible(engine, id, caller);
        if (at == null && seq == null) {
            return view(a, engine.partition(), a.balance());
        }
        String asOf = seq != null ? "event " + seq : at.toString();
        try {
            BigDecimal balance = engine.log().balanceAsOf(id, seq, at).orElseThrow(() ->
                    new ReckonException(ErrorCode.NOT_FOUND, "the account did not exist as of " + asOf));
            return view(a, engine.partition(), balance);
        } catch (SQLException e) {
            throw new PartitionUnavailableException(engine.partition(), e.getMessage());
        }
    }

    public Listing<TransactionView> transactions(String id, Caller caller, int page, int size) {
        PartitionEngine engine = engines.of(id);
        Account a = visible(engine, id, caller);
        try {
            List<TransactionView> items = new ArrayList<>();
            for (PartitionLog.HistoryRow r : engine.log().history(id, page, size)) {
                items.add(new TransactionView(r.event(), r.txId(), r.type(), r.purpose(), wire(r.amount(), a.currency()),
                        a.currency(), wire(r.balanceAfter(), a.currency()), r.at()));
            }
            return Listing.page(items, page, size, engine.log().countHistory(id));
        } catch (SQLException e) {
            throw new PartitionUnavailableException(engine.partition(), e.getMessage());
        }
    }

    /**
     * The server switch (a system property, {@code true} = off) back to the paths before issue 12's
     * hot-account fix: the claim and a LOCAL transfer in separate group commits, the checks and the
     * claimed protocol read under the writers' permits, the ledger feed's 200-event batches. Only for
     * the benchmark's same-run before/after figures (benchmark/wallet.sh -Dreckon.bench.before=true).
     */
    static final String HOT_FIX_OFF = "reckon.wallet.hot-fix-off";

    /**
     * The book's balance transfer, answered when it is decided and durable. The checks run on the
     * caller's thread and throw. A transfer inside one partition is answered without a waiting
     * thread: when its transaction id hashes to that partition the claim and the transfer go to the
     * writer together and the answer completes, on the writer's thread, with their group commit;
     * otherwise the claim's answer in the id's partition queues the transfer. A transfer across
     * partitions (XA, TC/C, Saga) is run here, waiting, and answered already complete.
     */
    public CompletableFuture<TransferView> transfer(Caller caller, String txId, String from, String to, Money money, Protocol requested) {
        boolean apart = Boolean.getBoolean(HOT_FIX_OFF);
        PartitionEngine a = engines.of(from);
        PartitionEngine.Opened source = apart ? a.read(s -> opened(s.account(from))) : a.opened(from);
        if (source == null && caller.staff()) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "no wallet account " + from, "from_account");
        }
        if (source == null || !caller.mayUse(source.owner())) {
            throw new ReckonException(ErrorCode.FORBIDDEN, "only the owner of from_account or staff may move money out of it", "from_account");
        }
        if (from.equals(to)) {
            throw new ReckonException(WalletError.SAME_ACCOUNT, "from_account and to_account must differ", "to_account");
        }
        PartitionEngine b = engines.of(to);
        PartitionEngine.Opened target = apart ? b.read(s -> opened(s.account(to))) : b.opened(to);
        if (target == null) {
            throw new ReckonException(WalletError.UNKNOWN_ACCOUNT, "no wallet account " + to, "to_account");
        }
        String currency = money.currency().getCurrencyCode();
        if (!source.currency().equals(currency) || !target.currency().equals(currency)) {
            throw new ReckonException(WalletError.CURRENCY_MISMATCH, "from_account holds " + source.currency()
                    + " and to_account " + target.currency() + ", not " + currency, "currency");
        }
        BigDecimal amount = money.amount();
        if (amount.signum() <= 0) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be more than zero", "amount");
        }
        // the transaction id is taken in the partition it hashes to, whichever partition from_account lives in:
        // a reuse with a from_account of another partition is caught there (issue 12)
        // the claim also fixes the protocol: the same transfer sent at once with another ?protocol= is a
        // duplicate of the first claim and runs by its protocol, so two protocols never run for one id
        PartitionEngine home = engines.of(txId);
        Protocol wanted = a == b ? Protocol.LOCAL : decidedBefore(a, txId, requested != null ? requested : settings.crossPartitionProtocol());
        Command.Claim claimCommand = new Command.Claim(txId, from, to, amount, currency, wanted.name());
        if (!apart && home == a && wanted == Protocol.LOCAL) {
            // the id's home is the accounts' partition: the claim and the transfer go in ONE batch of its writer,
            // so one group commit makes both durable; the transfer is decided (and appended) only right after an
            // accepted claim that fixed LOCAL, on the same state, exactly as if it had been submitted next
            return Answers.later(a.partition(), a.submitThen(claimCommand,
                    (s, c) -> c.accepted() && Protocol.LOCAL.name().equals(claimedBy(s, txId, c, Protocol.LOCAL)),
                    new Command.Transfer(txId, from, to, amount, currency)))
                    .thenCompose(both -> {
                        claimed(both.first(), txId);
                        if (both.then() != null) {
                            return CompletableFuture.completedFuture(transferred(both.then(), txId, Protocol.LOCAL));
                        }
                        // a duplicate of a claim that fixed another protocol: run by it, waiting, off the writer's thread
                        return CompletableFuture.supplyAsync(() -> afterClaim(both.first(), txId, from, to, amount, currency,
                                Protocol.LOCAL, false, a, b, home), executor);
                    });
        }
        if (!apart && wanted == Protocol.LOCAL) {
            // the id homes in another partition: its claim there, then the transfer in the accounts' partition, two
            // group commits one after the other, still without a waiting thread (each continuation runs on the writer
            // that answered, so it only queues the next command)
            return Answers.later(home.partition(), home.submit(claimCommand)).thenCompose(claim -> {
                claimed(claim, txId);
                if (!claim.events().isEmpty() && Protocol.LOCAL.name().equals(claimedBy(null, txId, claim, null))) {
                    return Answers.later(a.partition(), a.submit(new Command.Transfer(txId, from, to, amount, currency)))
                            .thenApply(o -> transferred(o, txId, Protocol.LOCAL));
                }
                // a duplicate claim: its protocol is read from the home partition's state under its permit, which
                // the writer answering here holds: off its thread
                return CompletableFuture.supplyAsync(() -> afterClaim(claim, txId, from, to, amount, currency,
                        wanted, false, a, b, home), executor);
            });
        }
        Outcome claim = Answers.await(home.partition(), home.submit(claimCommand));
        claimed(claim, txId);
        return CompletableFuture.completedFuture(afterClaim(claim, txId, from, to, amount, currency, wanted, apart, a, b, home));
    }

    /** The transfer behind an accepted claim, by the protocol the claim fixed (a duplicate's: the first's). */
    private TransferView afterClaim(Outcome claim, String txId, String from, String to, BigDecimal amount, String currency,
                                    Protocol wanted, boolean apart, PartitionEngine a, PartitionEngine b, PartitionEngine home) {
        // a new claim's CLAIMED event names its protocol; a duplicate's is read from the state that took the first
        String claimed = apart || claim.events().isEmpty() ? home.read(s -> s.claimedProtocol(txId)) : claimedBy(null, txId, claim, null);
        Protocol protocol = claimed == null ? wanted : Protocol.valueOf(claimed);
        Outcome o = switch (protocol) {
            case LOCAL -> Answers.await(a.partition(), a.submit(new Command.Transfer(txId, from, to, amount, currency)));
            case XA -> xaTransfer(txId, from, to, amount, currency, a, b);
            case TCC -> tcc.transfer(txId, from, to, amount, currency);
            case SAGA -> saga.transfer(txId, from, to, amount, currency);
        };
        return transferred(o, txId, protocol);
    }

    private static void claimed(Outcome claim, String txId) {
        if (!claim.accepted()) {
            throw new ReckonException(claim.rejection(), claim.rejection().title() + " (transaction " + txId + ")", "transaction_id");
        }
    }

    private static TransferView transferred(Outcome o, String txId, Protocol protocol) {
        if (!o.accepted()) {
            String field = switch (o.rejection()) {
                case TRANSACTION_ID_REUSED -> "transaction_id";
                case INSUFFICIENT_FUNDS -> "amount";
                case CURRENCY_MISMATCH -> "currency";
                default -> "to_account";
            };
            throw new ReckonException(o.rejection(), o.rejection().title() + " (transaction " + txId + ")", field);
        }
        return new TransferView("success", txId, protocol.name());
    }

    /**
     * An XA transfer, both partitions' engines first brought up to their logs here, outside the JTA
     * transaction (the events another node's writers appended: a reload reads on connections of its
     * own). When another writer still appends first (between this catch-up and the append) the
     * transaction rolls back and runs again; a few times at most, then 503.
     */
    private Outcome xaTransfer(String txId, String from, String to, BigDecimal amount, String currency,
                               PartitionEngine a, PartitionEngine b) {
        for (int attempt = 1; ; attempt++) {
            a.catchUp();
            b.catchUp();
            try {
                return xa.transfer(txId, from, to, amount, currency, attempt > 1);
            } catch (PartitionOvertakenException e) {
                if (attempt == XA_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The protocol an accepted claim fixed: its CLAIMED event's detail when the claim is new; for a
     * duplicate, what the state (when given) remembers, or {@code unknown} (a claim from before the
     * protocol was recorded fixes none: the caller's wanted protocol then stands).
     */
    private static String claimedBy(WalletState s, String txId, Outcome claim, Protocol unknown) {
        if (!claim.events().isEmpty()) {
            return claim.events().get(0).detail();
        }
        String remembered = s == null ? null : s.claimedProtocol(txId);
        return remembered != null ? remembered : unknown == null ? null : unknown.name();
    }

    private static PartitionEngine.Opened opened(WalletState.Account a) {
        return a == null ? null : new PartitionEngine.Opened(a.id(), a.owner(), a.currency());
    }

    /** A transaction id decided before keeps its protocol, so a retry never runs a second protocol's steps. */
    private static Protocol decidedBefore(PartitionEngine a, String txId, Protocol wanted) {
        return a.read(s -> s.decided(Purpose.XA + ":" + txId) ? Protocol.XA
                : s.decided(Purpose.TCC_TRY + ":" + txId) || s.decided("TCC_CANCEL:" + txId) ? Protocol.TCC
                : s.decided(Purpose.SAGA_DEBIT + ":" + txId) ? Protocol.SAGA
                : wanted == Protocol.LOCAL ? Protocol.XA : wanted);
    }

    private static Account visible(PartitionEngine engine, String id, Caller caller) {
        Account a = engine.read(s -> Account.of(s.account(id)));
        if (a == null) {
            // maybe opened through another node's engine since this one's last batch (a client's next
            // request, a top-up say, can reach the other node before its once-a-second catch-up)
            engine.catchUp();
            a = engine.read(s -> Account.of(s.account(id)));
        }
        if (a == null || !caller.mayUse(a.owner())) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "no wallet account " + id);
        }
        return a;
    }

    private static AccountView view(Account a, int partition, BigDecimal balance) {
        return new AccountView(a.id(), a.owner(), a.currency(), wire(balance, a.currency()), partition);
    }

    static String wire(BigDecimal amount, String currency) {
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return amount.setScale(digits, RoundingMode.UNNECESSARY).toPlainString();
    }
}
