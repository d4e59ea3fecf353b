package org.reckon.wallet;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.PartitionLog;
import org.reckon.wallet.engine.PartitionOvertakenException;
import org.reckon.wallet.engine.PartitionUnavailableException;
import org.reckon.wallet.engine.WalletEngines;

/**
 * A transfer across two partitions by XA two-phase commit (the chapter's first answer): the debit
 * and the credit are appended to the two partitions' event lists through their XA datasources in
 * one JTA transaction, which Narayana prepares on both databases and then commits. Both writers
 * are held (in partition order, so two transfers never wait on each other) from the decision
 * until the transaction completes; after a rollback both rebuild their state from the log.
 * The price is the chapter's: the two partitions are locked for a whole two-phase commit.
 */
@Stateless
public class XaTransfers {

    @EJB
    WalletEngines engines;

    @Resource
    TransactionSynchronizationRegistry registry;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Outcome transfer(String txId, String from, String to, BigDecimal amount, String currency, boolean exclusive) {
        PartitionEngine a = engines.of(from);
        PartitionEngine b = engines.of(to);
        List<PartitionEngine> ordered = a.partition() < b.partition() ? List.of(a, b) : List.of(b, a);
        ordered.get(0).beginXa();
        try {
            ordered.get(1).beginXa();
        } catch (RuntimeException e) {
            ordered.get(0).completeXa(false);
            throw e;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                boolean committed = status == Status.STATUS_COMMITTED;
                a.completeXa(committed);
                b.completeXa(committed);
            }
        });
        if (exclusive) {
            // run again after another writer appended first: hold the other writers' fences off on both
            // partitions (in partition order) and apply what they appended, before deciding
            for (PartitionEngine e : ordered) {
                try (Connection c = WalletEngines.dataSource(e.partition()).getConnection()) {
                    e.lockAndCatchUpXa(c);
                } catch (SQLException ex) {
                    throw new PartitionUnavailableException(e.partition(), "XA catch-up failed: " + ex.getMessage());
                }
            }
        }
        PartitionEngine.XaStep debit = a.decideXa(new Command.Debit(txId, from, amount, currency, Purpose.XA));
        PartitionEngine.XaStep credit = debit.outcome().accepted()
                ? b.decideXa(new Command.Credit(txId, to, amount, currency, Purpose.XA)) : null;
        // appended in partition order: another node's XA transfer between the same partitions waits
        // on the same first row, never in a cycle across the two databases (which no database detects)
        if (credit != null && b.partition() < a.partition()) {
            append(b, credit);
            append(a, debit);
        } else {
            append(a, debit);
            if (credit != null) {
                append(b, credit);
            }
        }
        return debit.outcome();
    }

    private static void append(PartitionEngine engine, PartitionEngine.XaStep step) {
        try (Connection c = WalletEngines.dataSource(engine.partition()).getConnection()) {
            engine.appendXa(c, step);
        } catch (SQLException e) {
            if (PartitionLog.overtaken(e)) {
                // another writer of this partition's log (another node) appended first: the transaction
                // rolls back, the engine reloads, the caller runs the transfer again
                throw new PartitionOvertakenException(engine.partition(), e.getMessage());
            }
            throw new PartitionUnavailableException(engine.partition(), "XA append failed: " + e.getMessage());
        }
    }
}
