package org.reckon.ledger.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reckon.shared.money.Money;

class JournalTransactionTest {

    private static final String GENESIS = "0".repeat(64);
    private final Instant now = Instant.parse("2026-11-28T10:15:30.123456789Z");

    private static List<Posting> payIn(String amount) {
        return List.of(Posting.debit("psp-receivable:USD", Money.of(amount, "USD")),
                Posting.credit("seller-wallet:s1:USD", Money.of(amount, "USD")));
    }

    @Test
    void aBalancedTransactionIsAppendedAfterTheHeadAndAdvancesIt() {
        JournalHead head = JournalHead.at(1, 0, GENESIS);

        JournalTransaction first = JournalTransaction.append(head, "pay-in", "po-1", now, payIn("10.00"));
        JournalTransaction second = JournalTransaction.append(head, "pay-in", "po-2", now, payIn("5.00"));

        assertEquals(1, first.sequence());
        assertEquals(GENESIS, first.previousHash());
        assertEquals(2, second.sequence());
        assertEquals(first.hash(), second.previousHash());
        assertEquals(second.hash(), head.hash());
        assertEquals(2, second.newEntries().size());
    }

    @Test
    void theHashCoversEveryLineSoAChangedAmountIsDetected() {
        JournalTransaction tx = JournalTransaction.append(JournalHead.at(1, 0, GENESIS), "pay-in", "po-1", now, payIn("10.00"));
        List<JournalEntry> tampered = List.of(
                new JournalEntry(tx.id(), 1, Posting.debit("psp-receivable:USD", Money.of("10.01", "USD"))),
                new JournalEntry(tx.id(), 2, Posting.credit("seller-wallet:s1:USD", Money.of("10.00", "USD"))));

        assertEquals(tx.hash(), JournalTransaction.chainHash(GENESIS, tx, tx.newEntries()));
        assertNotEquals(tx.hash(), JournalTransaction.chainHash(GENESIS, tx, tampered));
        assertNotEquals(tx.hash(), JournalTransaction.chainHash("1".repeat(64), tx, tx.newEntries()));
    }

    @Test
    void unbalancedOrOneSidedTransactionsAreRefused() {
        JournalHead head = JournalHead.at(1, 0, GENESIS);
        assertThrows(IllegalArgumentException.class, () -> JournalTransaction.append(head, "pay-in", "x", now,
                List.of(Posting.debit("a", Money.of("10", "USD")), Posting.credit("b", Money.of("9.99", "USD")))));
        assertThrows(IllegalArgumentException.class, () -> JournalTransaction.append(head, "pay-in", "x", now,
                List.of(Posting.debit("a", Money.of("10", "USD")))));
        assertThrows(IllegalArgumentException.class, () -> JournalTransaction.append(head, "fx", "x", now,
                List.of(Posting.debit("a", Money.of("10", "USD")), Posting.credit("b", Money.of("10", "EUR")))));
        assertThrows(IllegalArgumentException.class, () -> Posting.debit("a", Money.of("0", "USD")));
        assertEquals(0, head.sequence(), "a refused transaction does not advance the head");
    }

    @org.junit.jupiter.api.Test
    void anEventAlwaysGoesToTheSameChainAndEventsSpreadOverAllChains() {
        assertEquals(JournalHead.chainFor("pay-in", "po-1"), JournalHead.chainFor("pay-in", "po-1"));
        java.util.Set<Integer> chains = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            int chain = JournalHead.chainFor("pay-in", "po-" + i);
            org.junit.jupiter.api.Assertions.assertTrue(chain >= 1 && chain <= JournalHead.CHAINS, "chain " + chain);
            chains.add(chain);
        }
        assertEquals(JournalHead.CHAINS, chains.size());
    }

    @org.junit.jupiter.api.Test
    void aTransactionTakesItsHeadsChain() {
        JournalHead head = JournalHead.at(7, 41, GENESIS);
        JournalTransaction tx = JournalTransaction.append(head, "pay-in", "po-7", Instant.parse("2026-01-01T00:00:00Z"),
                payIn("1.00"));
        assertEquals(7, tx.chain());
        assertEquals(42, tx.sequence());
        assertEquals(42, head.sequence());
    }
}
