package org.reckon.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.payment.domain.PaymentOrderStatus;
import org.reckon.payment.psp.PspException;
import org.reckon.platform.cluster.SingletonWork;

/**
 * Every minute: payment orders that have not reached a final state within the threshold are
 * started if they never were (NOT_STARTED: see {@link #startLate}), or re-queried at the PSP
 * (EXECUTING, PENDING, UNKNOWN) and the answer applied, each in its own
 * transaction. An order the PSP cannot answer for becomes UNKNOWN; the rest are reported (log,
 * {@link #lastReported} for metrics, and the staff API). Nothing is decided by guessing.
 */
@Singleton
@DependsOn("SchemaMigrator") // a timer may fire while the EAR deploys: not before the schema exists
@Startup // so its gauge exists from boot, before the first sweep
public class StuckPayments {

    private static final Logger LOG = Logger.getLogger(StuckPayments.class.getName());

    @Inject
    PaymentRepository payments;

    @EJB
    PaymentExecutor executor;

    @EJB
    PaymentOutcomes outcomes;

    @Inject
    @ConfigProperty(name = "reckon.payment.stuck-after", defaultValue = "PT15M")
    Duration threshold;

    @Inject
    MeterRegistry meters;

    private final AtomicLong lastReported = new AtomicLong();

    /**
     * Payment orders the last sweep found unfinished past the threshold. Registered through the
     * registry's own gauge(...) method: WildFly's per-deployment registry forwards those to the
     * exported registries, whereas a Gauge.builder(...).register(...) would stay private to it.
     */
    @PostConstruct
    void registerGauge() {
        meters.gauge("reckon.payment.orders.stuck", Tags.empty(), lastReported, AtomicLong::doubleValue);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<PaymentOrder> stuck(Duration olderThan, int max) {
        return payments.unfinishedSince(Instant.now().minus(olderThan), max);
    }

    @SingletonWork
    @Schedule(hour = "*", minute = "*", second = "30", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sweep() {
        sweep(threshold);
    }

    /**
     * Re-queries the PSP for the orders unfinished for longer than {@code olderThan}, applies its
     * answers, and reports the rest. Returns how many orders the PSP answered for.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep(Duration olderThan) {
        Duration limit = olderThan;
        List<PaymentOrder> stuck = stuck(limit, 200);
        int resolved = 0;
        for (PaymentOrder order : stuck) {
            if (order.status() == PaymentOrderStatus.NOT_STARTED) {
                resolved += startLate(order);
                continue;
            }
            try {
                executor.reconcile(order.paymentOrderId());
                resolved++;
            } catch (PspException e) {
                if (order.status() != PaymentOrderStatus.UNKNOWN) {
                    outcomes.unknown(order.paymentOrderId(), "PSP status query failed: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.warning("reconciling " + order.paymentOrderId() + " failed: " + e);
            }
        }
        List<PaymentOrder> still = stuck(limit, 200);
        lastReported.set(still.size());
        if (!still.isEmpty()) {
            LOG.warning(() -> still.size() + " payment order(s) unfinished after " + limit + ": "
                    + still.stream().limit(20).map(o -> o.paymentOrderId() + "=" + o.status()).toList());
        }
        int reconciled = resolved;
        LOG.fine(() -> "stuck-payment sweep: " + stuck.size() + " checked, " + reconciled + " re-queried");
        return resolved;
    }

    /**
     * An order still NOT_STARTED past the threshold: its execution message used up its deliveries
     * (the database or the broker was down, say) and waits in a dead-letter queue. Registering it
     * now is safe: the PSP keys registrations by the order id (the nonce), and a later replay of
     * the dead letter finds the order started and does nothing. Found by the fault suite's
     * database restart, where such orders stayed NOT_STARTED until staff replayed by hand.
     */
    private int startLate(PaymentOrder order) {
        try {
            executor.execute(order.paymentOrderId());
            LOG.info(() -> "payment order " + order.paymentOrderId() + " was never started; registered by the sweep");
            return 1;
        } catch (PspException e) {
            LOG.warning(() -> "payment order " + order.paymentOrderId() + " not started, and the PSP failed again: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warning("starting " + order.paymentOrderId() + " late failed: " + e);
        }
        return 0;
    }

    /** How many orders the last sweep left unfinished (a gauge for monitoring). */
    public long lastReported() {
        return lastReported.get();
    }
}
