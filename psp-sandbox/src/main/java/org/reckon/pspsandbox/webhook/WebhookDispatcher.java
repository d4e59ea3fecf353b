package org.reckon.pspsandbox.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.pspsandbox.fault.FaultSettings;
import org.reckon.pspsandbox.fault.Faults;
import org.reckon.pspsandbox.platform.Now;

/**
 * Delivers the outbox in rounds, each sending all due events at once (each payment's oldest first
 * unless the reorder fault is on), then recording each outcome.
 *
 * <p>A round starts as soon as a transaction that enqueued an event commits ({@link #wake}, called
 * by {@link WebhookPublisher}'s after-commit hook), so the sandbox adds no latency of its own
 * (benchmarks run "zero added latency"). Retries (1 s backoff and up) and the reorder fault's
 * jitter come due later: a round also runs {@value #ROUND_DELAY_MILLIS} ms after the previous one
 * ended. Polling every 50 ms instead cost 20 queries a second forever, and a tenth of the dev
 * server's CPU while it started. Rounds never overlap: a wake during a round makes that round run
 * once more. A fixed DELAY rather than an EJB {@code @Schedule}, because a round may wait up to
 * 5 s on a silent receiver and overlapping timer runs would be skipped with a warning each time.
 */
@Singleton
@Startup
@DependsOn("SchemaInitializer")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookDispatcher {

    static final int ROUND_SIZE = 500;
    static final long ROUND_DELAY_MILLIS = 250;
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    WebhookOutbox outbox;

    @Inject
    Faults faults;

    @Inject
    WebhookSender sender;

    private ScheduledFuture<?> rounds;
    private final ReentrantLock delivering = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();

    @PostConstruct
    void start() {
        rounds = scheduler.scheduleWithFixedDelay(this::round, 1_000, ROUND_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        rounds.cancel(false);
    }

    /** Asks for a round now: an event was just committed to the outbox. */
    public void wake() {
        if (wanted.compareAndSet(false, true)) {
            scheduler.execute(this::round);
        }
    }

    private void round() {
        wanted.set(true);
        // a round already running sees "wanted" when it ends and goes round once more
        while (wanted.get() && delivering.tryLock()) {
            try {
                wanted.set(false);
                deliverDue();
            } catch (RuntimeException e) {
                // an exception would cancel the periodic task: log it and try again next round
                LOG.log(Level.WARNING, "Webhook delivery round failed", e);
            } finally {
                delivering.unlock();
            }
        }
    }

    private void deliverDue() {
        FaultSettings settings = faults.current();
        List<DueWebhook> due = outbox.due(Now.instant(), !settings.reorderWebhooks(), ROUND_SIZE);
        if (due.isEmpty()) {
            return;
        }
        String secret = WebhookSecret.current();
        Map<DueWebhook, CompletableFuture<List<DeliveryResult>>> sent = new LinkedHashMap<>();
        due.forEach(webhook -> sent.put(webhook, sender.deliver(webhook, secret, settings.duplicateWebhooks())));
        // outcomes are recorded on this (managed) thread, not on the HTTP client's threads
        sent.forEach((webhook, results) -> {
            List<DeliveryResult> outcome = results.join();
            outbox.recordAttempt(webhook.id(), outcome, settings.reorderWebhooks() ? jitter() : Duration.ZERO);
            // failures at INFO: a developer watching the log wants to see a receiver refusing
            Level level = outcome.get(0).succeeded() ? Level.FINE : Level.INFO;
            LOG.log(level, () -> "Webhook " + webhook.eventId() + " " + webhook.type() + " -> " + webhook.targetUrl() + ": "
                    + outcome.stream().map(r -> r.statusCode() != null ? "HTTP " + r.statusCode() : r.error()).toList());
        });
    }

    private static Duration jitter() {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(WebhookPublisher.REORDER_JITTER_MILLIS + 1));
    }
}
