package org.reckon.pspsandbox.webhook;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.fault.Faults;
import org.reckon.pspsandbox.platform.Ids;
import org.reckon.pspsandbox.platform.SandboxJson;

/**
 * Puts the webhook announcing a payment's new status into the outbox. MANDATORY: it joins the
 * transaction that changed the payment, so the event commits or rolls back with the change (no
 * webhook for a change that did not happen, no change without its webhook).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class WebhookPublisher {

    static final long REORDER_JITTER_MILLIS = 2000;

    @PersistenceContext(unitName = "psp-sandbox")
    EntityManager em;

    @Inject
    Faults faults;

    @EJB
    WebhookDispatcher dispatcher;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Enqueues the event for the payment's current status, if that status has one. */
    public void statusChanged(Payment payment, Instant now) {
        payment.status().webhookType().ifPresent(type -> {
            String eventId = Ids.eventId();
            WebhookPayload payload = new WebhookPayload(eventId, type, now.getEpochSecond(), data(payment));
            em.persist(new WebhookEvent(eventId, payment.id(), type, payment.webhookUrl(),
                    SandboxJson.toJson(payload), now, jitter()));
            wakeDispatcherOnCommit();
        });
    }

    /** The dispatcher delivers as soon as the event is committed, instead of at its next round. */
    private void wakeDispatcherOnCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    dispatcher.wake();
                }
            }
        });
    }

    /** The reorder fault's extra delay (0-2 s at random); none otherwise. */
    Duration jitter() {
        return faults.current().reorderWebhooks()
                ? Duration.ofMillis(ThreadLocalRandom.current().nextLong(REORDER_JITTER_MILLIS + 1))
                : Duration.ZERO;
    }

    private static WebhookPayload.Data data(Payment p) {
        return new WebhookPayload.Data(p.nonce(), p.token(), p.pspReference(), p.status().wire(),
                p.money().amountString(), p.money().currencyCode(), p.failureReason(), p.refunded().amountString());
    }
}
