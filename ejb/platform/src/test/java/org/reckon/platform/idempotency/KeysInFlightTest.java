package org.reckon.platform.idempotency;

import org.reckon.platform.idempotency.store.IdempotencyKey;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeysInFlightTest {

    private final KeysInFlight inFlight = new KeysInFlight();
    private final IdempotencyKey key = new IdempotencyKey("alice", "k-1");
    private final String node = inFlight.claimant().substring(0, inFlight.claimant().indexOf('/'));

    @Test
    void aClaimOfThisRunIsAbandonedOnceNoOtherRequestRunsUnderItsKey() {
        inFlight.enter(key); // the request asking
        assertTrue(inFlight.abandoned(inFlight.claimant(), key));
        inFlight.enter(key); // the holder, still at work
        assertFalse(inFlight.abandoned(inFlight.claimant(), key));
        inFlight.leave(key); // the holder answered
        assertTrue(inFlight.abandoned(inFlight.claimant(), key));
        inFlight.leave(key);
        assertTrue(inFlight.abandoned(inFlight.claimant(), key), "no one runs it at all");
    }

    @Test
    void aClaimOfAnEarlierRunOfThisNodeIsAbandonedEvenWhileThisRunWorksOnTheKey() {
        inFlight.enter(key);
        inFlight.enter(key);
        assertTrue(inFlight.abandoned(node + "/an-earlier-run", key));
    }

    @Test
    void anotherNodesClaimAndAClaimWithoutHolderWaitForTheirLock() {
        inFlight.enter(key);
        assertFalse(inFlight.abandoned("another-node/run", key));
        assertFalse(inFlight.abandoned(node + "x/run", key), "a node whose name merely starts alike");
        assertFalse(inFlight.abandoned(null, key));
    }

    @Test
    void leavingMoreThanEnteredNeverGoesNegative() {
        inFlight.leave(key);
        inFlight.enter(key);
        inFlight.enter(key);
        assertFalse(inFlight.abandoned(inFlight.claimant(), key));
    }
}
