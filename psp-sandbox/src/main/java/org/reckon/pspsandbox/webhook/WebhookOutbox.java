package org.reckon.pspsandbox.webhook;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outbox's transactions: which events are due, and what an attempt did. Kept apart from the
 * HTTP calls ({@link WebhookDispatcher}) so no transaction or row lock is held while a slow
 * receiver takes its five seconds.
 */
@Stateless
public class WebhookOutbox {

    /** Head of each payment's queue only: a payment's events leave in the order they happened. */
    private static final String DUE_IN_ORDER = """
            SELECT e FROM WebhookEvent e
            WHERE e.state = 'pending' AND e.nextAttemptAt <= :now
              AND e.id = (SELECT MIN(o.id) FROM WebhookEvent o WHERE o.paymentId = e.paymentId AND o.state = 'pending')
            ORDER BY e.id""";
    /** The reorder fault: anything due, whatever else its payment still has queued. */
    private static final String DUE_ANY_ORDER = """
            SELECT e FROM WebhookEvent e
            WHERE e.state = 'pending' AND e.nextAttemptAt <= :now
            ORDER BY e.id""";

    @PersistenceContext(unitName = "psp-sandbox")
    EntityManager em;

    public List<DueWebhook> due(Instant now, boolean inPaymentOrder, int limit) {
        return em.createQuery(inPaymentOrder ? DUE_IN_ORDER : DUE_ANY_ORDER, WebhookEvent.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultStream()
                .map(e -> new DueWebhook(e.id(), e.eventId(), e.type(), e.targetUrl(), e.payload()))
                .toList();
    }

    /** Records an attempt (and its duplicate, if the fault sent one) and schedules what comes next. */
    public void recordAttempt(Long webhookEventId, List<DeliveryResult> results, Duration extraDelay) {
        WebhookEvent event = em.find(WebhookEvent.class, webhookEventId);
        int attempt = event.attempts() + 1;
        results.forEach(result -> em.persist(new WebhookDelivery(event.id(), attempt, result)));
        event.recordAttempt(results.get(0), extraDelay);
    }

    public List<WebhookEvent> eventsOf(Long paymentId) {
        return em.createQuery("SELECT e FROM WebhookEvent e WHERE e.paymentId = :p ORDER BY e.id", WebhookEvent.class)
                .setParameter("p", paymentId).getResultList();
    }

    public List<WebhookDelivery> deliveriesOf(Long webhookEventId) {
        return em.createQuery("SELECT d FROM WebhookDelivery d WHERE d.webhookEventId = :e ORDER BY d.id", WebhookDelivery.class)
                .setParameter("e", webhookEventId).getResultList();
    }
}
