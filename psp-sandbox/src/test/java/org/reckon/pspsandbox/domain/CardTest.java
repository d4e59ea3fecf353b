package org.reckon.pspsandbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.problem.Violation;

class CardTest {

    private static final YearMonth NOW = YearMonth.of(2030, 6);

    private static List<String> rejectedFields(String number, String holder, String expiry, String cvv) {
        PspException e = assertThrows(PspException.class, () -> Card.parse(number, holder, expiry, cvv, NOW));
        assertEquals(PspError.VALIDATION_FAILED, e.error());
        return e.violations().stream().map(Violation::field).toList();
    }

    @Test
    void keepsOnlyBrandLastFourAndTheDecision() {
        Card card = Card.parse("4242 4242-4242 4242", "Ann Smith", "06/30", "123", NOW);
        assertEquals(new Card(CardBrand.VISA, "4242", CardOutcome.SUCCEED), card);
        assertFalse(card.toString().contains("42424242"), card.toString());
    }

    @Test
    void theTestCardsDecideAsTheTableSays() {
        assertEquals(CardOutcome.PENDING_THEN_SUCCEED, Card.parse("4000000000003220", "A", "12/34", "123", NOW).outcome());
        assertEquals(CardOutcome.DECLINE, Card.parse("5555555555554444", "A", "12/34", "1234", NOW).outcome());
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        assertEquals(List.of("card_number", "holder", "expiry", "cvv"), rejectedFields("4242", " ", "1/30", "12"));
    }

    @Test
    void aMissingNumberIsRequired() {
        assertEquals(List.of("card_number"), rejectedFields(null, "Ann", "12/34", "123"));
    }

    @Test
    void rejectsAMonthOutOfRangeAndAnExpiredCard() {
        assertEquals(List.of("expiry"), rejectedFields("4242424242424242", "Ann", "13/34", "123"));
        assertEquals(List.of("expiry"), rejectedFields("4242424242424242", "Ann", "05/30", "123"));
    }

    @Test
    void theCurrentMonthIsStillValid() {
        Card.parse("4242424242424242", "Ann", "06/30", "123", NOW);
    }

    @Test
    void violationMessagesNeverEchoTheInput() {
        PspException e = assertThrows(PspException.class,
                () -> Card.parse("4242424242424242x", "Ann", "12/34", "999", NOW));
        assertFalse(e.getMessage().contains("4242"));
        e.violations().forEach(v -> assertFalse(v.message().contains("4242"), v.message()));
    }

    @Test
    void brandsFromLeadingDigits() {
        assertEquals(CardBrand.VISA, CardBrand.of("4000000000000002"));
        assertEquals(CardBrand.MASTERCARD, CardBrand.of("5555555555554444"));
        assertEquals(CardBrand.MASTERCARD, CardBrand.of("2223003122003222"));
        assertEquals(CardBrand.DISCOVER, CardBrand.of("6011111111111117"));
        assertEquals(CardBrand.UNKNOWN, CardBrand.of("9999999999999999"));
    }
}
