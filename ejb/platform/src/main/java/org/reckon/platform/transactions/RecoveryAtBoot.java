package org.reckon.platform.transactions;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
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
 * deployment's. Reflection keeps Narayana off the compile classpath: this is the only class that
 * touches it, and a missing class is logged, not fatal (the periodic recovery still runs).
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

    private volatile boolean stopped;
    private long firstScanNanos;

    @PostConstruct
    void start() {
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
    }

    private void pass(int number, long nextPauseMillis) {
        if (stopped) {
            return;
        }
        long begin = System.nanoTime();
        try {
            scan();
            LOG.fine(() -> "boot recovery scan " + number + " took " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        } catch (java.lang.reflect.InvocationTargetException e) {
            LOG.log(Level.WARNING, "boot recovery scan " + number + " failed; next one as scheduled", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.WARNING, "recovery at boot unavailable; Narayana's periodic recovery still runs", e);
            return;
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

    private static void scan() throws ReflectiveOperationException {
        Class<?> manager = Class.forName("com.arjuna.ats.arjuna.recovery.RecoveryManager", true,
                RecoveryAtBoot.class.getClassLoader());
        Object recovery = manager.getMethod("manager").invoke(null);
        Method scan = manager.getMethod("scan");
        scan.invoke(recovery);
    }
}
