package org.reckon.pspsandbox.page;

import java.util.List;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.problem.Violation;

/**
 * The hosted card page's three faces: the form (with the errors of a rejected attempt), a payment
 * already decided, and an unknown token. The form never refills the card number, expiry or CVV:
 * the sandbox sends card data back to nobody, not even the buyer who typed it.
 */
final class HostedPage {

    private HostedPage() {
    }

    static String form(Payment payment, List<Violation> errors, String holder) {
        StringBuilder errorList = new StringBuilder();
        if (!errors.isEmpty()) {
            errorList.append("<div class=\"error\"><p>Please correct:</p><ul>");
            errors.forEach(e -> errorList.append("<li>").append(Html.escape(label(e.field()))).append(' ')
                    .append(Html.escape(e.message())).append("</li>"));
            errorList.append("</ul></div>");
        }
        String body = """
                <h1>Pay %s %s</h1>
                %s
                %s
                <form method="post" autocomplete="off">
                  <label>Card number <input name="card_number" inputmode="numeric" placeholder="4242 4242 4242 4242" required></label>
                  <label>Name on card <input name="holder" value="%s" required></label>
                  <label>Expiry (MM/YY) <input name="expiry" placeholder="12/34" required></label>
                  <label>CVV <input name="cvv" inputmode="numeric" placeholder="123" required></label>
                  <button type="submit">Pay %s %s</button>
                </form>
                <h2>Test cards</h2>
                %s
                """.formatted(Html.escape(payment.money().amountString()), Html.escape(payment.money().currencyCode()),
                payment.merchantReference() == null ? "" : "<p>Reference: " + Html.escape(payment.merchantReference()) + "</p>",
                errorList, Html.escape(holder), Html.escape(payment.money().amountString()),
                Html.escape(payment.money().currencyCode()), Html.testCardTable());
        return Html.page("Pay " + payment.money(), body);
    }

    static String decided(Payment payment, String message) {
        String back = payment.returnUrl() == null ? ""
                : "<p><a href=\"" + Html.escape(ReturnUrls.withPaymentOrderId(payment.returnUrl(), payment.nonce()))
                + "\">Back to the merchant</a></p>";
        String reason = payment.failureReason() == null ? "" : " (" + Html.escape(payment.failureReason()) + ")";
        return Html.page("Payment " + payment.status().wire(), "<h1>" + Html.escape(message) + "</h1>"
                + "<p>Payment of " + Html.escape(payment.money().toString()) + " is <strong>"
                + Html.escape(payment.status().wire()) + "</strong>" + reason + ".</p>" + back);
    }

    static String notFound() {
        return Html.page("Unknown payment", "<h1>Unknown payment</h1><p>This payment link is not valid.</p>");
    }

    private static String label(String field) {
        return switch (field) {
            case "card_number" -> "Card number";
            case "holder" -> "Name on card";
            case "expiry" -> "Expiry";
            case "cvv" -> "CVV";
            default -> field;
        };
    }
}
