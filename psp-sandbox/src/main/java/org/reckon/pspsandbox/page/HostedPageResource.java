package org.reckon.pspsandbox.page;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.reckon.pspsandbox.domain.Card;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.domain.PaymentStatus;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.service.PaymentConfirmation;
import org.reckon.pspsandbox.service.PaymentRegistration;

/**
 * The hosted payment page a merchant sends its buyer to ({@code hosted_page_url}). Paying answers
 * 303 See Other to the merchant's return_url with {@code payment_order_id=<nonce>}, whatever the
 * outcome: the merchant learns the outcome from the webhook or the status query, never from the
 * browser, which the buyer controls. Errors here are HTML pages, not problem+json: a person reads them.
 */
@Path("pay/{token}")
@RequestScoped
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public class HostedPageResource {

    @Inject
    PaymentRegistration registration;

    @Inject
    PaymentConfirmation confirmation;

    @GET
    public Response show(@PathParam("token") String token) {
        Optional<Payment> payment = registration.byToken(token);
        if (payment.isEmpty()) {
            return html(404, HostedPage.notFound());
        }
        if (payment.get().status() != PaymentStatus.REQUIRES_PAYMENT_METHOD) {
            return html(200, HostedPage.decided(payment.get(), "This payment was already made"));
        }
        return html(200, HostedPage.form(payment.get(), List.of(), ""));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pay(@PathParam("token") String token,
                        @FormParam("card_number") String cardNumber,
                        @FormParam("holder") String holder,
                        @FormParam("expiry") String expiry,
                        @FormParam("cvv") String cvv) {
        Optional<Payment> found = registration.byToken(token);
        if (found.isEmpty()) {
            return html(404, HostedPage.notFound());
        }
        Card card;
        try {
            card = Card.parse(cardNumber, holder, expiry, cvv, YearMonth.now(ZoneOffset.UTC));
        } catch (PspException invalid) {
            return html(400, HostedPage.form(found.get(), invalid.violations(), holder == null ? "" : holder));
        }
        Payment paid;
        try {
            paid = confirmation.confirm(token, card);
        } catch (PspException e) {
            if (e.error() != PspError.PAYMENT_ALREADY_DECIDED) {
                throw e;
            }
            return html(409, HostedPage.decided(registration.byToken(token).orElseThrow(), "This payment was already made"));
        }
        if (paid.returnUrl() == null) {
            return html(200, HostedPage.decided(paid, "Thank you"));
        }
        return Response.seeOther(URI.create(ReturnUrls.withPaymentOrderId(paid.returnUrl(), paid.nonce()))).build();
    }

    private static Response html(int status, String page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }
}
