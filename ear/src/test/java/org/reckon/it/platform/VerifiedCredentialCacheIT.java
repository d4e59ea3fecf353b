package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.TestUsers;

/**
 * Issue 15: Basic authentication remembers successful password checks (ReckonVerifiedRealm, in
 * front of ReckonCachingRealm) instead of running bcrypt on every request. What must not change:
 * a wrong password is refused right after the right one was remembered (refusals are never
 * remembered), another user's remembered password opens nothing, roles are still checked, and the
 * failed-login limit still answers 429 even with a remembered password. Requests come from
 * 127.0.0.6 (RateLimitIT's clients are .2 to .4), which the test environment does not exempt.
 * That the realm remembers (one bcrypt per user and password) is checked by
 * wildfly-config/src/test/realm/VerifiedPasswordCacheRealmCheck, run when the realm is built.
 */
@ExtendWith(ArquillianExtension.class)
class VerifiedCredentialCacheIT {

    private static final String FROM = "127.0.0.6";

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(String path, String authorization) throws IOException {
        return RateLimitIT.send(FROM, path, authorization).status();
    }

    @Test
    void aRememberedPasswordChangesNoDecision() throws IOException {
        String staff = basic(TestUsers.STAFF.user, TestUsers.STAFF.password);
        String alice = basic(TestUsers.ALICE.user, TestUsers.ALICE.password);
        for (int i = 0; i < 3; i++) { // the first check runs bcrypt, the next ones are remembered
            assertEquals(200, status("/v1/ledger/verify", staff), "staff, request " + i);
            assertEquals(403, status("/v1/ledger/verify", alice), "a customer is still refused the staff endpoint, request " + i);
        }
        assertEquals(401, status("/v1/ledger/verify", basic(TestUsers.ALICE.user, TestUsers.STAFF.password)),
                "staff's remembered password opens nothing for another user");
        assertEquals(401, status("/v1/ledger/verify", basic(TestUsers.STAFF.user, TestUsers.STAFF.password + "x")),
                "a wrong password right after the right one was remembered");
        assertEquals(200, status("/v1/ledger/verify", staff));
    }

    @Test
    void theFailedLoginLimitStillAppliesToARememberedPassword() throws IOException {
        String right = basic(TestUsers.BOB.user, TestUsers.BOB.password);
        assertEquals(200, status("/v1/reservations", right));
        assertEquals(200, status("/v1/reservations", right));
        String wrong = basic(TestUsers.BOB.user, "not-" + TestUsers.BOB.password);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, status("/v1/reservations", wrong), "failed login " + i + " is refused, not remembered");
        }
        assertEquals(429, status("/v1/reservations", wrong), "past the limit of five (as in RateLimitIT)");
        assertEquals(429, status("/v1/reservations", right), "blocked even with the remembered password");
    }
}
