package org.reckon.wallet;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.platform.cluster.SingletonWork;

/**
 * After a start (a crash, say), finishes the TC/C transactions and sagas that a coordinator left
 * half-way: shortly after deployment, and again every {@code reckon.wallet.recovery.interval} (a
 * minute) until none is left; a row is abandoned once not updated for
 * {@code reckon.wallet.recovery.abandoned-after} (two minutes). XA transfers
 * need nothing here: Narayana's recovery commits or rolls back their prepared branches, and each
 * partition waits for that before loading its state.
 */
@Singleton
@Startup
@DependsOn("WalletEngines")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WalletRecovery {

    private static final Logger LOG = Logger.getLogger(WalletRecovery.class.getName());

    @Resource
    TimerService timers;

    @EJB
    TccTransfers tcc;

    @EJB
    SagaTransfers saga;

    @Inject
    WalletSettings settings;

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(2_000, settings.recoveryInterval().toMillis(), new TimerConfig("wallet-recovery", false));
    }

    @SingletonWork
    @Timeout
    void resume() {
        try {
            int tccs = tcc.resumeAll(settings.abandonedAfter());
            int sagas = saga.resumeAll(settings.abandonedAfter());
            if (tccs + sagas > 0) {
                LOG.info(() -> "wallet recovery: finished " + tccs + " TC/C transaction(s) and " + sagas + " saga(s)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "wallet recovery: will try again in a minute", e);
        }
    }
}
