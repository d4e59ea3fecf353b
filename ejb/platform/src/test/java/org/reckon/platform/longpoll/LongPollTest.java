package org.reckon.platform.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The headers of the long poll: Prefer: wait=N (RFC 7240), If-None-Match (RFC 9110) and the ETag. */
class LongPollTest {

    record View(String id, String status) {
    }

    @Test
    void preferWaitIsReadAmongOtherPreferencesAndIgnoredWhenAbsentOrUnreadable() {
        assertEquals(10, LongPoll.requestedWait("wait=10"));
        assertEquals(5, LongPoll.requestedWait("respond-async, wait=5"));
        assertEquals(7, LongPoll.requestedWait("return=minimal; WAIT = \"7\""));
        assertEquals(0, LongPoll.requestedWait(null));
        assertEquals(0, LongPoll.requestedWait("wait=soon"));
        assertEquals(0, LongPoll.requestedWait("handling=lenient"));
        assertEquals(0, LongPoll.requestedWait("nowait=3"), "only the wait preference");
    }

    @Test
    void theEtagFollowsTheRepresentationAndMatchesWeaklyOrInAList() {
        String executing = LongPoll.tagValue(new View("po-1", "EXECUTING"));
        assertEquals(32, executing.length());
        assertEquals(executing, LongPoll.tagValue(new View("po-1", "EXECUTING")), "the same state, the same tag (on any node)");
        String success = LongPoll.tagValue(new View("po-1", "SUCCESS"));
        assertNotEquals(executing, success);

        assertTrue(LongPoll.matches("W/\"" + executing + "\"", executing));
        assertTrue(LongPoll.matches("\"" + executing + "\"", executing), "weak comparison ignores W/");
        assertTrue(LongPoll.matches("\"x\", W/\"" + executing + "\"", executing));
        assertTrue(LongPoll.matches("*", executing));
        assertFalse(LongPoll.matches("W/\"" + success + "\"", executing));
        assertFalse(LongPoll.matches(executing, executing), "an unquoted value is not a tag");
    }
}
