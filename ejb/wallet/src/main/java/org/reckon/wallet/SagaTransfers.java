package org.reckon.wallet;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.engine.Answers;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.WalletEngines;

/**
 * A transfer across partitions by a Saga: a linear orchestration of local steps, the debit first
 * (the from partition's writer), then the credit (the to partition's); when the credit cannot be
 * made the saga compensates in reverse order, crediting the debit back. The step reached is kept
 * in the from partition's database; {@link #resumeAll} drives unfinished sagas forward after a
 * crash (every step is idempotent by its command key).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SagaTransfers {

    static final String TABLE = "saga_transfer";

    @EJB
    WalletEngines engines;

    public Outcome transfer(String txId, String from, String to, BigDecimal amount, String currency) {
        PhaseTables.Transfer t = new PhaseTables.Transfer(txId, from, to, amount, currency);
        PhaseTables table = table(from);
        if (!table.insert(TABLE, t, Map.of("step", "STARTED"))
                && !PhaseTables.sameTransfer(table.row(TABLE, txId).orElseThrow(), t)) {
            return new Outcome(txId, org.reckon.wallet.domain.WalletError.TRANSACTION_ID_REUSED, true, List.of());
        }
        return resume(t);
    }

    public Outcome resume(PhaseTables.Transfer t) {
        PhaseTables table = table(t.from());
        String step = (String) table.row(TABLE, t.txId()).orElseThrow().get("step");
        PartitionEngine a = engines.of(t.from());
        PartitionEngine b = engines.of(t.to());
        Outcome debit = Answers.await(a.partition(),
                a.submit(new Command.Debit(t.txId(), t.from(), t.amount(), t.currency(), Purpose.SAGA_DEBIT)));
        if (!debit.accepted()) {
            table.update(TABLE, t.txId(), Map.of("step", "FAILED"));
            return debit;
        }
        if ("STARTED".equals(step)) {
            table.update(TABLE, t.txId(), Map.of("step", "DEBITED"));
        }
        if ("COMPENSATING".equals(step) || "COMPENSATED".equals(step)) {
            return compensate(t, table, a, null);
        }
        Outcome credit = Answers.await(b.partition(),
                b.submit(new Command.Credit(t.txId(), t.to(), t.amount(), t.currency(), Purpose.SAGA_CREDIT)));
        if (credit.accepted()) {
            table.update(TABLE, t.txId(), Map.of("step", "DONE"));
            return new Outcome(credit.commandKey(), null, debit.duplicate(), List.of());
        }
        return compensate(t, table, a, credit);
    }

    private static Outcome compensate(PhaseTables.Transfer t, PhaseTables table, PartitionEngine a, Outcome failed) {
        table.update(TABLE, t.txId(), Map.of("step", "COMPENSATING"));
        Answers.await(a.partition(), a.submit(new Command.Credit(t.txId(), t.from(), t.amount(), t.currency(), Purpose.SAGA_COMPENSATE)));
        table.update(TABLE, t.txId(), Map.of("step", "COMPENSATED"));
        return new Outcome(t.txId(), failed == null ? org.reckon.wallet.domain.WalletError.UNKNOWN_ACCOUNT : failed.rejection(),
                failed == null, List.of());
    }

    public Map<String, Object> step(String from, String txId) {
        return table(from).row(TABLE, txId).orElse(Map.of());
    }

    /** Finishes every unfinished saga of every partition (on start, and by {@link WalletRecovery}): those whose row was not updated for {@code abandonedAfter}. */
    public int resumeAll(java.time.Duration abandonedAfter) {
        java.time.Instant before = java.time.Instant.now().minus(abandonedAfter);
        int resumed = 0;
        for (PartitionEngine engine : engines.all()) {
            PhaseTables table = new PhaseTables(engine.partition(), WalletEngines.dataSource(engine.partition()));
            for (Map<String, Object> row : table.rows(TABLE, "(step NOT IN ('DONE', 'FAILED', 'COMPENSATED')) AND " + PhaseTables.ABANDONED, before)) {
                resume(PhaseTables.transfer(row));
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
