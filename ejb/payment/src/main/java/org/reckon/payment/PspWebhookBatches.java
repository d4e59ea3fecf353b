package org.reckon.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.reckon.payment.psp.PspWebhookEvent;
import org.reckon.platform.transactions.GroupCommit;

/**
 * Webhooks from the PSP applied by group commit (issue 15): the events whose requests arrive while
 * a webhook transaction runs are applied together in the next one, so a burst of N webhooks costs
 * about one XA transaction (one PREPARE and COMMIT on the payment and the ledger databases, one
 * broker commit) instead of N. Each request still answers only after its own event's effect
 * committed, with its own result or its own error:
 * <ul>
 *   <li>exactly once holds as before: each event's inbox row commits with its effect, in the batch's
 *       transaction, and an event id seen twice in one batch is applied once (the inbox finds the
 *       first in the persistence context);</li>
 *   <li>a batch that fails (a mismatching amount, an order not registered yet, a lock timeout)
 *       rolls back as a whole, and each of its events then runs alone, so only the failing event
 *       fails; a mismatch is recorded once per event whatever the number of attempts
 *       ({@link WebhookMismatches#record}).</li>
 * </ul>
 * No request thread waits for its batch ({@link #applyAsync}): the webhook's request is suspended
 * and resumed when its event's transaction committed, and the request that runs a batch hands the
 * batches after its own to the managed executor. So a burst of webhooks behind a slow lock holds
 * one thread, not one per webhook, and the HTTP worker stays free for the other requests.
 * At most {@value #MAX_BATCH} events a transaction, which bounds how long the batch holds the
 * orders' and the ledger's row locks. A single webhook with nothing else waiting runs alone, as
 * before.
 */
@ApplicationScoped
public class PspWebhookBatches {

    static final int MAX_BATCH = 32;

    @EJB
    PspWebhooks webhooks;

    @Inject
    MeterRegistry meters;

    @Resource
    ManagedExecutorService executor;

    private GroupCommit<PspWebhookEvent, Boolean> commit;

    @PostConstruct
    void init() {
        commit = new GroupCommit<>(MAX_BATCH, webhooks::applyAll, webhooks::apply, executor);
        // gauges through the registry's own method, which WildFly forwards to /prometheus (see StuckPayments)
        meters.gauge("reckon.payment.webhook.transactions", Tags.empty(), commit, c -> c.transactions());
        meters.gauge("reckon.payment.webhook.events", Tags.empty(), commit, c -> c.items());
        meters.gauge("reckon.payment.webhook.replays", Tags.empty(), commit, c -> c.replays());
    }

    /**
     * Applies the verified event with whatever else is waiting, without holding the thread:
     * validates now (a malformed event throws here), and answers a future completed once the
     * event's transaction committed, with false when it had been applied before, or with the
     * event's own exception.
     */
    public CompletableFuture<Boolean> applyAsync(PspWebhookEvent event) {
        PspWebhooks.validate(event);
        return commit.submitAsync(event);
    }

    /** Webhook transactions run so far (tests, metrics). */
    public long transactions() {
        return commit.transactions();
    }

    /** Webhook events applied or refused by a transaction so far. */
    public long events() {
        return commit.items();
    }

    /** Batches that failed and had their events run one by one. */
    public long replays() {
        return commit.replays();
    }

    /** Events waiting for a transaction now. */
    public int waiting() {
        return commit.waiting();
    }
}
