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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * After a start (a crash, say), finishes the TC/C transactions and sagas that a coordinator left
 * half-way: shortly after deployment, and again every minute until none is left. XA transfers
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

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(2_000, 60_000, new TimerConfig("wallet-recovery", false));
    }

    @Timeout
    void resume() {
        try {
            int tccs = tcc.resumeAll();
            int sagas = saga.resumeAll();
            if (tccs + sagas > 0) {
                LOG.info(() -> "wallet recovery: finished " + tccs + " TC/C transaction(s) and " + sagas + " saga(s)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "wallet recovery: will try again in a minute", e);
        }
    }
}
