package org.reckon.payment;

import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import org.reckon.platform.cluster.SingletonWork;

/**
 * Every minute: refund intents the request that opened them never completed (it crashed, or its
 * transaction rolled back after the PSP refunded) are completed. The PSP is asked again with the
 * same refund id, its idempotency key, so it refunds at most once and answers the refund it made;
 * then the refund is recorded, exactly once (keyed by refund id, the order locked). No
 * transaction is open during the PSP call.
 */
@Singleton
@DependsOn("SchemaMigrator")
public class RefundSweep {

    private static final Logger LOG = Logger.getLogger(RefundSweep.class.getName());

    @EJB
    RefundIntents intents;

    @EJB
    PaymentRefunds refunds;

    @SingletonWork
    @Schedule(hour = "*", minute = "*", second = "45", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void scheduled() {
        sweep();
    }

    /** Completes the due intents; returns how many were recorded. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep() {
        int completed = 0;
        for (RefundIntents.Intent intent : intents.due(100)) {
            try {
                if (refunds.completeIntent(intent)) {
                    completed++;
                    LOG.info(() -> "refund " + intent.refundId() + " of " + intent.paymentOrderId() + " completed by the sweep");
                }
            } catch (RuntimeException e) {
                LOG.warning("completing refund " + intent.refundId() + " failed: " + e);
            }
        }
        return completed;
    }
}
