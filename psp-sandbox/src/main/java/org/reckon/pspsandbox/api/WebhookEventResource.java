package org.reckon.pspsandbox.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.service.PaymentRegistration;
import org.reckon.pspsandbox.webhook.WebhookOutbox;

/**
 * {@code GET /api/v1/webhook-events?nonce=...}: a payment's webhooks and every delivery attempt,
 * so a developer can see why a receiver did not get one. Read-only, outside the fault switches.
 */
@Path("api/v1/webhook-events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEventResource {

    @Inject
    PaymentRegistration registration;

    @Inject
    WebhookOutbox outbox;

    @GET
    public List<WebhookEventView> ofPayment(@QueryParam("nonce") String nonce) {
        if (nonce == null || nonce.isBlank()) {
            throw PspException.field(PspError.VALIDATION_FAILED, "nonce", "is required");
        }
        Payment payment = registration.byNonce(nonce)
                .orElseThrow(() -> new PspException(PspError.NOT_FOUND, "No payment with nonce " + nonce));
        return outbox.eventsOf(payment.id()).stream()
                .map(e -> WebhookEventView.of(e, outbox.deliveriesOf(e.id())))
                .toList();
    }
}
