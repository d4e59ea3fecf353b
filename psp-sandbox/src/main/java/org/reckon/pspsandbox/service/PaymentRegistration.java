package org.reckon.pspsandbox.service;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Optional;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.platform.Ids;
import org.reckon.pspsandbox.platform.Now;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;

/**
 * Registers a payment under the merchant's nonce, idempotently: the same nonce with the same
 * amount and currency is the same payment (whatever else differs, e.g. a new return_url, the
 * first registration stands); with another amount or currency it is a conflict, because the
 * merchant's retry logic is then broken and silently answering either payment would hide it.
 * Also answers the lookups by nonce (status query) and by token (hosted page).
 */
@Stateless
public class PaymentRegistration {

    @Inject
    PaymentRepository payments;

    public Registration register(NewPayment request) {
        Optional<Payment> existing = payments.byNonce(request.nonce());
        if (existing.isPresent()) {
            Payment payment = existing.get();
            if (!payment.money().sameValue(request.money())) {
                throw PspException.field(PspError.NONCE_CONFLICT, "nonce",
                        "is already registered for " + payment.money() + ", not " + request.money());
            }
            return new Registration(payment, false);
        }
        Payment payment = Payment.register(request.nonce(), Ids.token(), request.money(), request.merchantReference(),
                request.returnUrl(), request.webhookUrl(), Now.instant());
        payments.add(payment);
        return new Registration(payment, true);
    }

    public Optional<Payment> byNonce(String nonce) {
        return payments.byNonce(nonce);
    }

    public Optional<Payment> byToken(String token) {
        return payments.byToken(token);
    }
}
