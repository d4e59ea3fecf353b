package org.reckon.pspsandbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision table of the test cards. */
class TestCardTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "4242424242424242, SUCCEED",
            "4000000000000002, DECLINE",
            "4000000000003220, PENDING_THEN_SUCCEED",
            "4000000000000119, PROCESSING_THEN_TIMEOUT",
            "5555555555554444, DECLINE",
            "4242424242424241, DECLINE",
            "0000000000000000, DECLINE"
    })
    void aCardNumberDecidesTheOutcome(String number, CardOutcome expected) {
        assertEquals(expected, TestCard.outcomeFor(number));
    }
}
