package org.reckon.pspsandbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;

class PaymentTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final DecisionDelays DELAYS = new DecisionDelays(Duration.ofSeconds(3), Duration.ofSeconds(10));

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), Currency.getInstance("EUR"));
    }

    private static Payment payment() {
        return Payment.register("ord-1", "tok_1", eur("20.00"), null, null, "http://127.0.0.1/hook", T0);
    }

    private static Card card(CardOutcome outcome) {
        return new Card(CardBrand.VISA, "4242", outcome);
    }

    private static Payment succeeded() {
        Payment p = payment();
        p.confirm(card(CardOutcome.SUCCEED), DELAYS, "psp_1", T0);
        return p;
    }

    @Test
    void aGoodCardSucceedsWithAReference() {
        Payment p = succeeded();
        assertEquals(PaymentStatus.SUCCEEDED, p.status());
        assertEquals("psp_1", p.pspReference());
        assertEquals(T0, p.succeededAt());
        assertEquals("4242", p.cardLast4());
        assertEquals("visa", p.cardBrand());
    }

    @Test
    void aDeclineFailsWithoutAReference() {
        Payment p = payment();
        p.confirm(card(CardOutcome.DECLINE), DELAYS, "psp_1", T0);
        assertEquals(PaymentStatus.FAILED, p.status());
        assertEquals("card_declined", p.failureReason());
        assertNull(p.pspReference());
    }

    @Test
    void aPaymentIsDecidedOnce() {
        Payment p = succeeded();
        PspException e = assertThrows(PspException.class,
                () -> p.confirm(card(CardOutcome.DECLINE), DELAYS, "psp_2", T0));
        assertEquals(PspError.PAYMENT_ALREADY_DECIDED, e.error());
        assertEquals("psp_1", p.pspReference());
    }

    @Test
    void aReviewedPaymentSucceedsWhenItsTimeComes() {
        Payment p = payment();
        p.confirm(card(CardOutcome.PENDING_THEN_SUCCEED), DELAYS, "psp_unused", T0);
        assertEquals(PaymentStatus.PENDING, p.status());
        assertFalse(p.resolveIfDue("psp_2", T0.plusMillis(2999)));
        assertTrue(p.resolveIfDue("psp_2", T0.plusSeconds(3)));
        assertEquals(PaymentStatus.SUCCEEDED, p.status());
        assertEquals("psp_2", p.pspReference());
        assertFalse(p.resolveIfDue("psp_3", T0.plusSeconds(60)), "resolved once");
    }

    @Test
    void aSilentIssuerTimesOut() {
        Payment p = payment();
        p.confirm(card(CardOutcome.PROCESSING_THEN_TIMEOUT), DELAYS, "psp_unused", T0);
        assertEquals(PaymentStatus.PROCESSING, p.status());
        assertTrue(p.resolveIfDue("psp_2", T0.plusSeconds(10)));
        assertEquals(PaymentStatus.FAILED, p.status());
        assertEquals("processing_timeout", p.failureReason());
    }

    @Test
    void refundsAddUpToTheCaptureAndNoFurther() {
        Payment p = succeeded();
        p.refund(eur("5"), T0);
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, p.status());
        PspException over = assertThrows(PspException.class, () -> p.refund(eur("15.01"), T0));
        assertEquals(PspError.REFUND_REJECTED, over.error());
        p.refund(eur("15"), T0);
        assertEquals(PaymentStatus.REFUNDED, p.status());
        assertEquals("20.00", p.refunded().amountString());
        assertEquals(PspError.PAYMENT_NOT_REFUNDABLE, assertThrows(PspException.class, () -> p.refund(eur("1"), T0)).error());
    }

    @Test
    void refundRulesAre422AndNamesTheField() {
        Payment p = succeeded();
        PspException zero = assertThrows(PspException.class, () -> p.refund(eur("0"), T0));
        assertEquals(PspError.REFUND_REJECTED, zero.error());
        assertEquals("amount", zero.violations().get(0).field());
        PspException currency = assertThrows(PspException.class,
                () -> p.refund(new Money(BigDecimal.ONE, Currency.getInstance("USD")), T0));
        assertEquals("currency", currency.violations().get(0).field());
    }

    @Test
    void anUnpaidPaymentCannotBeRefunded() {
        assertEquals(PspError.PAYMENT_NOT_REFUNDABLE,
                assertThrows(PspException.class, () -> payment().refund(eur("1"), T0)).error());
    }
}
