package org.reckon.platform.transactions;

import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.internal.jta.recovery.arjunacore.RecoveryXids;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.common.jtaPropertyManager;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Recovery at boot. Narayana's periodic recovery thread waits a whole period (production: 120 s)
 * between scans, so after a restart a branch left prepared by a crash, and its PostgreSQL row locks,
 * could outlive the restart by minutes. As soon as the deployment starts, this bean asks the
 * server's own recovery manager ({@code RecoveryManager.manager().scan()}, module {@code org.jboss.jts}
 * in jboss-deployment-structure.xml) for a full scan, then for more scans with a doubling pause
 * (1, 2, 4, 8 ... s, capped at 8 s) until {@code reckon.tx.boot-recovery-window} (default 60 s)
 * has passed since the first one. Later passes are needed because one scan cannot resolve
 * everything: an orphan branch (prepared, no log record) is only rolled back once it has been seen
 * for {@code JTAEnvironmentBean.orphanSafetyInterval}, and a logged transaction only once two passes
 * saw it. A scan runs both of Narayana's passes, {@code RecoveryEnvironmentBean.recoveryBackoffPeriod}
 * apart, and waits for a scan already under way. The scans run on a managed thread, never on the
 * deployment's.
 *
 * <p>Before the first scan it installs {@link PreviousRunOrphans}: the orphan safety interval then
 * guards only the branches of this run ({@code reckon.tx.orphan-safety-interval}, Narayana's 20 s),
 * and an orphan an earlier run of this node left is rolled back in the first scan. The deployment's
 * end restores Narayana's interval before it takes the filter out.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class RecoveryAtBoot {

    private static final Logger LOG = Logger.getLogger(RecoveryAtBoot.class.getName());
    private static final long MAX_PAUSE_MILLIS = 8_000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "reckon.tx.boot-recovery-window", defaultValue = "PT60S")
    Duration window;

    @Inject
    @ConfigProperty(name = "reckon.tx.orphan-safety-interval", defaultValue = "PT20S")
    Duration orphanSafetyInterval;

    private volatile boolean stopped;
    private long firstScanNanos;
    private PreviousRunOrphans previousRunOrphans;

    @PostConstruct
    void start() {
        installPreviousRunOrphans();
        if (window.isZero() || window.isNegative()) {
            LOG.info("recovery at boot disabled (reckon.tx.boot-recovery-window=" + window + ")");
            return;
        }
        firstScanNanos = System.nanoTime();
        scheduler.schedule(() -> pass(1, 1_000), 0, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (previousRunOrphans != null) {
            RecoveryXids.setSafetyIntervalMillis(jtaPropertyManager.getJTAEnvironmentBean().getOrphanSafetyInterval());
            XARecoveryModule module = XARecoveryModule.getRegisteredXARecoveryModule();
            if (module != null) {
                module.removeXAResourceOrphanFilter(previousRunOrphans);
            }
        }
    }

    private void installPreviousRunOrphans() {
        XARecoveryModule module = XARecoveryModule.getRegisteredXARecoveryModule();
        if (module == null) {
            LOG.warning("no XA recovery module registered: orphans of an earlier run wait out Narayana's safety interval");
            return;
        }
        previousRunOrphans = PreviousRunOrphans.forThisRun(orphanSafetyInterval);
        module.addXAResourceOrphanFilter(previousRunOrphans);
        RecoveryXids.setSafetyIntervalMillis(0);
        LOG.info(() -> "recovery: orphans of an earlier run are rolled back at first sight; this run's wait "
                + orphanSafetyInterval.toMillis() + " ms");
    }

    private void pass(int number, long nextPauseMillis) {
        if (stopped) {
            return;
        }
        long begin = System.nanoTime();
        try {
            scan();
            LOG.fine(() -> "boot recovery scan " + number + " took " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "boot recovery scan " + number + " failed; next one as scheduled", e);
        }
        long elapsed = System.nanoTime() - firstScanNanos;
        if (stopped || elapsed >= window.toNanos()) {
            LOG.info(() -> "recovery at boot: " + number + " scan(s) over " + elapsed / 1_000_000 + " ms; periodic recovery from now on");
            return;
        }
        try {
            scheduler.schedule(() -> pass(number + 1, Math.min(nextPauseMillis * 2, MAX_PAUSE_MILLIS)), nextPauseMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // the executor refuses work while the server shuts down
            LOG.fine(() -> "recovery at boot stopped: " + e);
        }
    }

    private static void scan() {
        RecoveryManager.manager().scan();
    }
}
