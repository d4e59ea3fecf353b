package org.reckon.pspsandbox.service;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.pspsandbox.platform.Now;

/**
 * Once a second, gives pending and processing payments their deferred outcome when due. The due
 * time is stored on the payment (not in an in-memory timer), so a restart loses no outcome. Each
 * payment is settled in its own transaction: one failure does not hold back the others. A fixed
 * delay between rounds, not an EJB {@code @Schedule}: the first round after deployment warms up
 * Hibernate and can outlast a second, which a schedule reports as a skipped overlapping run.
 */
@Singleton
@Startup
@DependsOn("SchemaInitializer")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HeldPaymentSweeper {

    private static final Logger LOG = Logger.getLogger(HeldPaymentSweeper.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    PaymentRepository payments;

    @EJB
    PaymentConfirmation confirmation;

    private ScheduledFuture<?> rounds;

    @PostConstruct
    void start() {
        rounds = scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        rounds.cancel(false);
    }

    private void sweep() {
        try {
            for (Long id : payments.heldAndDue(Now.instant())) {
                resolve(id);
            }
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task: log it and try again next round
            LOG.log(Level.WARNING, "Held payment sweep failed", e);
        }
    }

    private void resolve(Long id) {
        try {
            confirmation.resolveIfDue(id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot resolve held payment id " + id + "; retrying next round", e);
        }
    }
}
