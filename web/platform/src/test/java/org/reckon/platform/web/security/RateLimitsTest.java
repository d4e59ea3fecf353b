package org.reckon.platform.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static RateLimits limits(int failedLogins, int publicRequests, String exempt) {
        RateLimits limits = new RateLimits();
        limits.window = Duration.ofMinutes(1);
        limits.failedLogins = failedLogins;
        limits.publicRequests = publicRequests;
        limits.exempt = exempt;
        limits.memberCount = () -> 1;
        return limits;
    }

    @Test
    void aClientIsBlockedForOneUserAfterTheLimitOfFailuresOnly() {
        RateLimits limits = limits(3, 100, " ");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limits.failedLogin("10.0.0.1", "bob"));
        }
        assertEquals(0, limits.loginBlockedFor("10.0.0.1", "bob"), "at the limit, not past it");
        long wait = limits.failedLogin("10.0.0.1", "bob");
        assertTrue(wait >= 1 && wait <= 60, "retry after " + wait);
        assertTrue(limits.loginBlockedFor("10.0.0.1", "bob") > 0);
        assertEquals(0, limits.loginBlockedFor("10.0.0.1", "alice"), "another user from the same client");
        assertEquals(0, limits.loginBlockedFor("10.0.0.2", "bob"), "the same user from another client");
    }

    @Test
    void anonymousRequestsAreCountedPerClientAndExemptAddressesAreNot() {
        RateLimits limits = limits(3, 2, "127.0.0.1, 10.9.9.9");
        assertEquals(0, limits.anonymousRequest("10.0.0.1"));
        assertEquals(0, limits.anonymousRequest("10.0.0.1"));
        assertTrue(limits.anonymousRequest("10.0.0.1") > 0);
        assertEquals(0, limits.anonymousRequest("10.0.0.3"));
        assertTrue(limits.exempt("127.0.0.1") && limits.exempt("10.9.9.9"));
        assertFalse(limits.exempt("10.0.0.1"));
        assertFalse(limits(3, 2, " ").exempt(""));
        assertTrue(limits(3, 2, "10.1.1.1, 10.1.1.1").exempt("10.1.1.1"), "an address listed twice is still exempt");
    }

    @Test
    void theUserOfABasicHeader() {
        String header = "Basic " + Base64.getEncoder().encodeToString("it-bob:secret:with:colons".getBytes(StandardCharsets.UTF_8));
        assertEquals("it-bob", RateLimits.basicUser(header));
        assertEquals("it-bob", RateLimits.basicUser(header.replace("Basic", "basic")));
        assertNull(RateLimits.basicUser("Bearer abc"));
        assertNull(RateLimits.basicUser(null));
        assertEquals("", RateLimits.basicUser("Basic !!not-base64!!"));
    }

    @Test
    void onAClusterEachNodeAllowsItsShareSoTheNodesTogetherAllowTheLimit() {
        RateLimits node = limits(10, 4, " ");
        node.memberCount = () -> 2;
        for (int i = 0; i < 5; i++) {
            assertEquals(0, node.failedLogin("10.0.0.1", "bob"));
        }
        assertTrue(node.failedLogin("10.0.0.1", "bob") > 0, "the 6th failure on this node: past its half of 10");
        assertEquals(0, node.anonymousRequest("10.0.0.1"));
        assertEquals(0, node.anonymousRequest("10.0.0.1"));
        assertTrue(node.anonymousRequest("10.0.0.1") > 0, "the 3rd anonymous request: past its half of 4");
        RateLimits crowded = limits(3, 4, " ");
        crowded.memberCount = () -> 5;
        assertEquals(1, crowded.share(3), "never below one per node");
        crowded.memberCount = () -> 1;
        assertEquals(1, crowded.share(3), "the view is read at most once a second");
        crowded.membersReadAt -= 2_000_000_000L;
        assertEquals(3, crowded.share(3), "a second later: the view of 1 member");
        crowded.memberCount = () -> {
            throw new IllegalStateException("view unreadable");
        };
        crowded.membersReadAt -= 2_000_000_000L;
        assertEquals(3, crowded.share(3), "an unreadable view keeps the last count");
    }
}
