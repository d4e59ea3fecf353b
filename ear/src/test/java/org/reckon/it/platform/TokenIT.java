package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * Issue 11, item 2: POST /v1/auth/token trades Basic credentials for a short-lived RS256 bearer
 * token (signed with the provisioned key), accepted beside Basic with its user's roles; a tampered,
 * forged or absent token is 401.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokenIT {

    private static JsonObject token(TestUsers user) {
        HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/auth/token"), user.user, user.password)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body());
    }

    private static HttpResponse<String> bearer(String path, String token) {
        return Http.send(Http.request(path).header("Authorization", "Bearer " + token).GET());
    }

    @Test
    void aTokenActsAsItsUserAndNothingElse() {
        JsonObject issued = token(TestUsers.ALICE);
        assertEquals("Bearer", issued.getString("token_type"));
        assertEquals(900, issued.getInt("expires_in"));
        String jwt = issued.getString("access_token");
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sub\":\"" + TestUsers.ALICE.user + "\"") && claims.contains("\"groups\":[\"customer\"]"), claims);
        assertTrue(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).contains("RS256"));

        assertEquals(200, bearer("/v1/reservations", jwt).statusCode(), "alice's own list");
        assertEquals(403, bearer("/v1/ledger/verify", jwt).statusCode(), "a customer's token is not staff");
        assertEquals(200, bearer("/v1/ledger/verify", token(TestUsers.STAFF).getString("access_token")).statusCode());

        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.replace("\"customer\"", "\"staff\"")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tampered = bearer("/v1/ledger/verify", parts[0] + "." + otherClaims + "." + parts[2]);
        assertEquals(401, tampered.statusCode(), "a token whose claims were changed: " + tampered.body());
        assertEquals(401, bearer("/v1/reservations", parts[0] + "." + parts[1] + ".AAAA").statusCode(), "a forged signature");
        int malformed = bearer("/v1/reservations", "not-a-token").statusCode();
        assertTrue(malformed >= 400 && malformed != 403, "a malformed token is refused: " + malformed);
        assertEquals(401, Http.send(Http.request("/v1/auth/token").POST(HttpRequest.BodyPublishers.noBody())).statusCode(),
                "no token without credentials");
    }
}
