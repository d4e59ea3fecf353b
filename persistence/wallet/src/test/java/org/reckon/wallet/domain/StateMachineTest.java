package org.reckon.wallet.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateMachineTest {

    private final WalletState state = new WalletState();
    private long commands;

    private final List<Event> emitted = new java.util.ArrayList<>();

    private Outcome run(Command c) {
        return runAt(c, Instant.parse("2026-12-01T00:00:00Z"));
    }

    private Outcome runAt(Command c, Instant at) {
        Outcome o = StateMachine.decide(state, c, ++commands, at);
        o.events().forEach(state::apply);
        emitted.addAll(o.events());
        return o;
    }

    private BigDecimal balance(String id) {
        return state.account(id).balance();
    }

    private void openTwoWithMoney() {
        run(new Command.Open("a", "alice", "EUR"));
        run(new Command.Open("b", "bob", "EUR"));
        run(new Command.Credit("top-1", "a", new BigDecimal("100.00"), "EUR", Purpose.TOP_UP));
    }

    @Test
    void aTransferMovesMoneyAsTwoEvents() {
        openTwoWithMoney();
        Outcome o = run(new Command.Transfer("t1", "a", "b", new BigDecimal("30.00"), "EUR"));
        assertTrue(o.accepted());
        assertEquals(List.of(EventType.DEBITED, EventType.CREDITED), o.events().stream().map(Event::type).toList());
        assertEquals(0, new BigDecimal("70").compareTo(balance("a")));
        assertEquals(0, new BigDecimal("30").compareTo(balance("b")));
    }

    @Test
    void insufficientFundsIsARejectionEventThatMovesNothing() {
        openTwoWithMoney();
        Outcome o = run(new Command.Transfer("t1", "a", "b", new BigDecimal("100.01"), "EUR"));
        assertEquals(WalletError.INSUFFICIENT_FUNDS, o.rejection());
        assertEquals(List.of(EventType.REJECTED), o.events().stream().map(Event::type).toList());
        assertEquals(0, new BigDecimal("100").compareTo(balance("a")));
        assertEquals(0, BigDecimal.ZERO.compareTo(balance("b")));
    }

    @Test
    void theSameCommandAgainAnswersTheSameAndAnotherBodyIsRefused() {
        openTwoWithMoney();
        run(new Command.Transfer("t1", "a", "b", new BigDecimal("10.00"), "EUR"));
        Outcome again = run(new Command.Transfer("t1", "a", "b", new BigDecimal("10.00"), "EUR"));
        assertTrue(again.accepted());
        assertTrue(again.duplicate());
        assertTrue(again.events().isEmpty());
        Outcome other = run(new Command.Transfer("t1", "a", "b", new BigDecimal("11.00"), "EUR"));
        assertEquals(WalletError.TRANSACTION_ID_REUSED, other.rejection());
        assertEquals(0, new BigDecimal("90").compareTo(balance("a")));
        run(new Command.Transfer("t2", "a", "b", new BigDecimal("500.00"), "EUR"));
        Outcome rejectedAgain = run(new Command.Transfer("t2", "a", "b", new BigDecimal("500.00"), "EUR"));
        assertEquals(WalletError.INSUFFICIENT_FUNDS, rejectedAgain.rejection(), "a rejection is answered again too");
    }

    @Test
    void unknownAccountsSameAccountAndOtherCurrenciesAreRejected() {
        openTwoWithMoney();
        run(new Command.Open("u", "bob", "USD"));
        assertEquals(WalletError.UNKNOWN_ACCOUNT, run(new Command.Transfer("t1", "a", "zz", BigDecimal.ONE, "EUR")).rejection());
        assertEquals(WalletError.SAME_ACCOUNT, run(new Command.Transfer("t2", "a", "a", BigDecimal.ONE, "EUR")).rejection());
        assertEquals(WalletError.CURRENCY_MISMATCH, run(new Command.Transfer("t3", "a", "u", BigDecimal.ONE, "EUR")).rejection());
        assertEquals(WalletError.CURRENCY_MISMATCH, run(new Command.Transfer("t4", "a", "b", BigDecimal.ONE, "USD")).rejection());
    }

    @Test
    void aCancelBeforeItsTrySetsTheOutOfOrderFlagAndTheLateTryFails() {
        openTwoWithMoney();
        Outcome cancel = run(new Command.Cancel("x1", "a", new BigDecimal("5.00"), "EUR"));
        assertEquals("OUT_OF_ORDER", cancel.events().get(0).detail());
        Outcome lateTry = run(new Command.Debit("x1", "a", new BigDecimal("5.00"), "EUR", Purpose.TCC_TRY));
        assertEquals(WalletError.CANCELLED_BEFORE_TRY, lateTry.rejection());
        assertEquals(0, new BigDecimal("100").compareTo(balance("a")));
    }

    @Test
    void aCancelAfterAnAcceptedTryGivesTheMoneyBack() {
        openTwoWithMoney();
        run(new Command.Debit("x1", "a", new BigDecimal("5.00"), "EUR", Purpose.TCC_TRY));
        assertEquals(0, new BigDecimal("95").compareTo(balance("a")));
        assertEquals(0, new BigDecimal("5").compareTo(state.sent().get("EUR")), "the Try's money is in flight");
        run(new Command.Cancel("x1", "a", new BigDecimal("5.00"), "EUR"));
        assertEquals(0, new BigDecimal("100").compareTo(balance("a")));
        assertEquals(0, BigDecimal.ZERO.compareTo(state.sent().get("EUR")));
    }

    @Test
    void balancesPlusMoneyInFlightEqualWhatWasToppedUp() {
        openTwoWithMoney();
        run(new Command.Debit("s1", "a", new BigDecimal("20.00"), "EUR", Purpose.SAGA_DEBIT));
        run(new Command.Debit("s2", "a", new BigDecimal("7.00"), "EUR", Purpose.TCC_TRY));
        BigDecimal total = balance("a").add(balance("b")).add(state.sent().get("EUR"))
                .subtract(state.landed().getOrDefault("EUR", BigDecimal.ZERO));
        assertEquals(0, total.compareTo(state.toppedUp().get("EUR")));
        run(new Command.Credit("s1", "b", new BigDecimal("20.00"), "EUR", Purpose.SAGA_CREDIT));
        total = balance("a").add(balance("b")).add(state.sent().get("EUR")).subtract(state.landed().get("EUR"));
        assertEquals(0, total.compareTo(state.toppedUp().get("EUR")));
    }

    @Test
    void theStateSurvivesItsOwnEncoding() {
        openTwoWithMoney();
        run(new Command.Transfer("t1", "a", "b", new BigDecimal("1.50"), "EUR"));
        run(new Command.Cancel("x9", "a", BigDecimal.ONE, "EUR"));
        String text = state.encode();
        assertEquals(text, WalletState.decode(text).encode());
        assertFalse(text.isEmpty());
    }

    @Test
    void everyCommandReadsBackFromItsBody() {
        List<Command> all = List.of(new Command.Open("a", "alice", "EUR"),
                new Command.Transfer("t", "a", "b", new BigDecimal("1.00"), "EUR"),
                new Command.Debit("t", "a", new BigDecimal("1.00"), "EUR", Purpose.XA),
                new Command.Credit("t", "a", new BigDecimal("1.00"), "EUR", Purpose.SAGA_COMPENSATE),
                new Command.Cancel("t", "a", new BigDecimal("1.00"), "EUR"));
        for (Command c : all) {
            assertEquals(c, Command.parse(c.body()));
        }
    }

    @Test
    void aPaymentLeavesTheWalletsAndItsRefundComesBack() {
        openTwoWithMoney();
        Outcome short_ = run(new Command.Pay("r1", "a", new BigDecimal("100.01"), "EUR", "hotel-1"));
        assertEquals(WalletError.INSUFFICIENT_FUNDS, short_.rejection());
        assertEquals(WalletError.CURRENCY_MISMATCH, run(new Command.Pay("r2", "a", new BigDecimal("1.00"), "USD", "hotel-1")).rejection());
        assertTrue(run(new Command.Pay("r3", "a", new BigDecimal("40.00"), "EUR", "hotel-1")).accepted());
        assertEquals(0, new BigDecimal("60").compareTo(balance("a")));
        assertEquals(0, new BigDecimal("40").compareTo(state.paidOut().get("EUR")));
        Outcome again = run(new Command.Pay("r3", "a", new BigDecimal("40.00"), "EUR", "hotel-1"));
        assertTrue(again.duplicate());
        assertEquals(0, new BigDecimal("60").compareTo(balance("a")));
        assertTrue(run(new Command.Repay("r3", "a", new BigDecimal("40.00"), "EUR", "hotel-1")).accepted());
        assertEquals(0, new BigDecimal("100").compareTo(balance("a")));
        assertEquals(0, BigDecimal.ZERO.compareTo(state.paidOut().get("EUR")));
        assertEquals(state.encode(), WalletState.decode(state.encode()).encode());
    }

    @Test
    void aClaimedTransactionIdRefusesAnotherBody() {
        Outcome first = run(new Command.Claim("t1", "a", "b", new BigDecimal("10.00"), "EUR", "XA"));
        assertTrue(first.accepted());
        assertEquals(List.of(EventType.CLAIMED), first.events().stream().map(Event::type).toList());
        assertTrue(run(new Command.Claim("t1", "a", "b", new BigDecimal("10.00"), "EUR", "XA")).duplicate());
        assertEquals(WalletError.TRANSACTION_ID_REUSED, run(new Command.Claim("t1", "c", "b", new BigDecimal("10.00"), "EUR", "XA")).rejection());
    }

    @Test
    void theFirstClaimFixesTheProtocolAndAnotherProtocolIsADuplicateOfIt() {
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        assertTrue(runAt(new Command.Claim("t1", "a", "b", new BigDecimal("10.00"), "EUR", "TCC"), t0).accepted());
        Outcome other = runAt(new Command.Claim("t1", "a", "b", new BigDecimal("10.00"), "EUR", "SAGA"), t0.plusSeconds(1));
        assertTrue(other.duplicate(), "the same transfer with another protocol is the same request");
        assertTrue(other.accepted());
        assertEquals("TCC", state.claimedProtocol("t1"));
        // a claim written before protocols were recorded parses and fixes none
        Command legacy = Command.parse("CLAIM|t0|a|b|5.00|EUR");
        assertTrue(runAt(legacy, t0).accepted());
        assertEquals(null, state.claimedProtocol("t0"));
        assertEquals(new Command.Claim("t1", "a", "b", new BigDecimal("10.00"), "EUR", "SAGA"),
                Command.parse(new Command.Claim("t1", "a", "b", new BigDecimal("10.00"), "EUR", "SAGA").body()));
        // replayed and snapshotted alike; forgotten with the claim when the window passes
        WalletState replayed = new WalletState();
        emitted.forEach(replayed::apply);
        assertEquals(state.encode(), replayed.encode());
        assertEquals(state.encode(), WalletState.decode(state.encode()).encode());
        runAt(new Command.Expire(t0.plusSeconds(60)), t0.plusSeconds(120));
        assertEquals(null, state.claimedProtocol("t1"));
        assertFalse(state.decided("CLAIM:t1"));
    }

    @Test
    void expiryForgetsOnlyKeysDecidedBeforeTheCutoffAndReplaysTheSame() {
        openTwoWithMoney();
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        Command old = new Command.Transfer("old", "a", "b", new BigDecimal("1.00"), "EUR");
        Command recent = new Command.Transfer("recent", "a", "b", new BigDecimal("2.00"), "EUR");
        runAt(old, t0.plusSeconds(10));
        runAt(recent, t0.plusSeconds(100));
        String beforeExpiry = state.encode();
        runAt(new Command.Expire(t0.plusSeconds(50)), t0.plusSeconds(200));
        assertFalse(state.decided("TRANSFER:old"));
        assertTrue(state.decided("TRANSFER:recent"));
        assertFalse(state.decided("OPEN:a"), "keys of the opening, decided at t0, are forgotten too");
        assertTrue(state.decided("TOP_UP:top-1"), "a top-up's key is the inbox of its payment order: kept");
        assertEquals(t0.plusSeconds(50), state.expiredBefore());
        // inside the window: the same request replays, another body is refused
        assertTrue(runAt(recent, t0.plusSeconds(300)).duplicate());
        assertEquals(WalletError.TRANSACTION_ID_REUSED,
                runAt(new Command.Transfer("recent", "a", "b", new BigDecimal("3.00"), "EUR"), t0.plusSeconds(300)).rejection());
        // past the window: the id is new again, the balances did not move by expiry
        assertTrue(beforeExpiry.contains("A|a|alice|EUR|97.0000"));
        Outcome reused = runAt(old, t0.plusSeconds(400));
        assertTrue(reused.accepted());
        assertFalse(reused.duplicate());
        assertEquals(0, new BigDecimal("96").compareTo(balance("a")));
        // the event list is the truth: replaying it, or a snapshot of it, gives exactly the live state
        WalletState replayed = new WalletState();
        emitted.forEach(replayed::apply);
        assertEquals(state.encode(), replayed.encode());
        assertEquals(state.encode(), WalletState.decode(state.encode()).encode());
    }

    @Test
    void aCopyKeepsTheStateOfItsMomentWhileTheOriginalMovesOn() {
        openTwoWithMoney();
        run(new Command.Transfer("t1", "a", "b", new BigDecimal("30.00"), "EUR"));
        String then = state.encode();
        WalletState copy = state.copy();
        Command t2 = new Command.Transfer("t2", "a", "b", new BigDecimal("5.00"), "EUR");
        run(t2);
        run(new Command.Open("c", "carol", "EUR"));
        assertEquals(then, copy.encode());
        assertEquals(0, new BigDecimal("70").compareTo(copy.account("a").balance()));
        assertEquals(0, new BigDecimal("65").compareTo(balance("a")));
        assertFalse(copy.decided(t2.key()));
        assertTrue(state.decided(t2.key()));
        assertEquals(state.entries() - 3, copy.entries()); // t2 and c's opening remembered, c's account
    }
}
