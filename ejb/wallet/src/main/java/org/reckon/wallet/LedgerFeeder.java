package org.reckon.wallet;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.WalletEngines;
import org.reckon.platform.cluster.SingletonWork;

/**
 * Runs the {@link LedgerFeed} of every partition every second, for at most 800 ms (the next
 * run continues), so a busy wallet never makes the timer overlap itself.
 */
@Singleton
@DependsOn("WalletEngines")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LedgerFeeder {

    private static final Logger LOG = Logger.getLogger(LedgerFeeder.class.getName());

    @EJB
    WalletEngines engines;

    @EJB
    LedgerFeed feed;

    private final AtomicBoolean running = new AtomicBoolean();

    @SingletonWork
    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    public void feedAll() {
        if (WalletEngines.feedsPaused() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            long until = System.nanoTime() + 800_000_000L;
            for (PartitionEngine engine : engines.all()) {
                while (feed.feed(engine.partition()) >= LedgerFeed.batch() && System.nanoTime() < until) {
                    // a full batch: more may be waiting
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "wallet ledger feed: retried in a second", e);
        } finally {
            running.set(false);
        }
    }
}
