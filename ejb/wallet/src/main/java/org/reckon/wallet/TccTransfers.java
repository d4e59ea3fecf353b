package org.reckon.wallet;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.EventType;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.domain.WalletError;
import org.reckon.wallet.engine.Answers;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.WalletEngines;

/**
 * A transfer across partitions by TC/C (Try-Confirm/Cancel), the chapter's choice 1: the Try
 * debits the from account (its money is then in flight), the to side's Try does nothing; Confirm
 * credits the to account; Cancel gives the Try's money back. Each step is one command of one
 * partition's writer (a local transaction); the phase status table in the from partition's
 * database says how far the transaction got, so {@link #resume} can finish it after a crash:
 * a Try whose result is unknown is cancelled (a Cancel before its Try leaves the out-of-order
 * flag in the state machine, and the late Try then fails), a decided second phase is re-sent
 * (commands are idempotent by key).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TccTransfers {

    static final String TABLE = "tcc_phase";

    @EJB
    WalletEngines engines;

    public Outcome transfer(String txId, String from, String to, BigDecimal amount, String currency) {
        PhaseTables.Transfer t = new PhaseTables.Transfer(txId, from, to, amount, currency);
        PhaseTables table = table(from);
        if (!table.insert(TABLE, t, Map.of("try_from", "PENDING", "try_to", "PENDING", "out_of_order", false))
                && !PhaseTables.sameTransfer(table.row(TABLE, txId).orElseThrow(), t)) {
            return new Outcome(txId, WalletError.TRANSACTION_ID_REUSED, true, List.of());
        }
        return resume(t, false);
    }

    /** Drives the transaction to its end from what the phase table says; {@code recovering}: a Try of unknown result is cancelled. */
    public Outcome resume(PhaseTables.Transfer t, boolean recovering) {
        PhaseTables table = table(t.from());
        Map<String, Object> row = table.row(TABLE, t.txId()).orElseThrow();
        PartitionEngine a = engines.of(t.from());
        PartitionEngine b = engines.of(t.to());
        String tryFrom = (String) row.get("try_from");
        Outcome tried = null;
        if ("PENDING".equals(tryFrom) && !recovering && row.get("second_phase") == null) {
            tried = Answers.await(a.partition(), a.submit(new Command.Debit(t.txId(), t.from(), t.amount(), t.currency(), Purpose.TCC_TRY)));
            tryFrom = tried.accepted() ? "DONE" : "FAILED";
            table.update(TABLE, t.txId(), Map.of("try_from", tryFrom, "try_to", "DONE"));
        }
        String second = (String) row.get("second_phase");
        if (second == null) {
            // the first decision wins: a client's retry and recovery may resume the same row at once,
            // and one deciding CONFIRM while the other decides CANCEL would pay the money twice
            second = table.decideSecondPhase(t.txId(), "DONE".equals(tryFrom) ? "CONFIRM" : "CANCEL");
        }
        if ("CONFIRM".equals(second)) {
            Outcome confirmed = Answers.await(b.partition(), b.submit(new Command.Credit(t.txId(), t.to(), t.amount(), t.currency(), Purpose.TCC_CONFIRM)));
            if (confirmed.accepted()) {
                table.update(TABLE, t.txId(), Map.of("second_phase_status", "DONE"));
                return new Outcome(confirmed.commandKey(), null, tried == null, List.of());
            }
            // the to account cannot take it (it was validated before the Try): give the money back
            table.update(TABLE, t.txId(), Map.of("second_phase", "CANCEL"));
            cancel(t, table, a);
            return new Outcome(confirmed.commandKey(), confirmed.rejection(), false, List.of());
        }
        cancel(t, table, a);
        if (tried == null) {
            tried = lateTry(t); // a duplicate answers the Try's first result; a Try never made now fails
        }
        WalletError why = tried.accepted() ? WalletError.UNKNOWN_ACCOUNT : tried.rejection();
        return new Outcome(t.txId(), why, tried.duplicate(), List.of());
    }

    private static void cancel(PhaseTables.Transfer t, PhaseTables table, PartitionEngine a) {
        Outcome cancelled = Answers.await(a.partition(), a.submit(new Command.Cancel(t.txId(), t.from(), t.amount(), t.currency())));
        boolean outOfOrder = cancelled.events().stream()
                .anyMatch(e -> e.type() == EventType.CANCELLED && "OUT_OF_ORDER".equals(e.detail()));
        table.update(TABLE, t.txId(), outOfOrder
                ? Map.of("second_phase_status", "DONE", "out_of_order", true)
                : Map.of("second_phase_status", "DONE"));
    }

    /**
     * The out-of-order case on its own, as the chapter draws it: the coordinator decided Cancel
     * (its Try timed out, say) and the Cancel reaches the from partition before the Try.
     */
    public Outcome cancelBeforeTry(String txId, String from, String to, BigDecimal amount, String currency) {
        PhaseTables.Transfer t = new PhaseTables.Transfer(txId, from, to, amount, currency);
        PhaseTables table = table(from);
        table.insert(TABLE, t, Map.of("try_from", "PENDING", "try_to", "DONE", "out_of_order", false,
                "second_phase", "CANCEL", "second_phase_status", "PENDING"));
        cancel(t, table, engines.of(from));
        return lateTry(t);
    }

    /** The Try that arrives after its Cancel: the state machine refuses it. */
    private Outcome lateTry(PhaseTables.Transfer t) {
        PartitionEngine a = engines.of(t.from());
        Outcome late = Answers.await(a.partition(), a.submit(new Command.Debit(t.txId(), t.from(), t.amount(), t.currency(), Purpose.TCC_TRY)));
        table(t.from()).update(TABLE, t.txId(), Map.of("try_from", late.accepted() ? "DONE" : "FAILED"));
        return late;
    }

    /** The phase row of a transaction (tests, the invariant check). */
    public Map<String, Object> phase(String from, String txId) {
        return table(from).row(TABLE, txId).orElse(Map.of());
    }

    /** Finishes every unfinished TC/C transaction of every partition (on start, and by {@link WalletRecovery}): those whose row was not updated for {@code abandonedAfter}. */
    public int resumeAll(java.time.Duration abandonedAfter) {
        java.time.Instant before = java.time.Instant.now().minus(abandonedAfter);
        int resumed = 0;
        for (PartitionEngine engine : engines.all()) {
            PhaseTables table = new PhaseTables(engine.partition(), WalletEngines.dataSource(engine.partition()));
            for (Map<String, Object> row : table.rows(TABLE, "(second_phase_status IS NULL OR second_phase_status <> 'DONE') AND " + PhaseTables.ABANDONED, before)) {
                resume(PhaseTables.transfer(row), true);
                resumed++;
            }
        }
        return resumed;
    }

    private PhaseTables table(String from) {
        int p = engines.of(from).partition();
        return new PhaseTables(p, WalletEngines.dataSource(p));
    }
}
