package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.TestUsers;

/**
 * Issue 11, item 8: failed logins and anonymous API requests are rate-limited per client, answered
 * 429 problem+json with Retry-After; pages carry security headers. The suite's own client
 * (127.0.0.1) is exempt in the test environment, so these requests come from 127.0.0.2 and
 * 127.0.0.3 (test.properties: 5 failed logins, 40 anonymous requests per 20 s window).
 */
@ExtendWith(ArquillianExtension.class)
class RateLimitIT {

    record Answer(int status, Map<String, String> headers, String body) {
    }

    /** One HTTP/1.1 exchange over a socket bound to {@code from}, which HttpClient cannot choose. */
    static Answer send(String from, String path, String authorization) throws IOException {
        URI base = URI.create(Http.baseUrl());
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAccept: application/json\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertTooMany(Answer answer) {
        assertEquals(429, answer.status(), answer.body());
        assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/problem+json"), answer.headers().toString());
        assertTrue(answer.body().contains("\"code\":\"TOO_MANY_REQUESTS\""), answer.body());
        long retryAfter = Long.parseLong(answer.headers().get("retry-after"));
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
    }

    @Test
    void afterFiveFailedLoginsTheClientIsAnswered429EvenWithTheRightPassword() throws IOException {
        String wrong = basic(TestUsers.BOB.user, "not-" + TestUsers.BOB.password);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, send("127.0.0.2", "/v1/reservations", wrong).status());
        }
        assertTooMany(send("127.0.0.2", "/v1/reservations", wrong)); // past the limit of five
        assertTooMany(send("127.0.0.2", "/v1/reservations", basic(TestUsers.BOB.user, TestUsers.BOB.password)));
        // another user from that client, and this user from another client, are not blocked
        assertEquals(200, send("127.0.0.2", "/v1/reservations", basic(TestUsers.ALICE.user, TestUsers.ALICE.password)).status());
        assertEquals(200, send("127.0.0.4", "/v1/reservations", basic(TestUsers.BOB.user, TestUsers.BOB.password)).status());
    }

    @Test
    void anonymousApiRequestsAreLimitedPerClient() throws IOException {
        for (int i = 0; i < 40; i++) {
            Answer answer = send("127.0.0.3", "/v1/hotels?city=Nowhere", null);
            assertEquals(200, answer.status(), "request " + i + ": " + answer.body());
        }
        assertTooMany(send("127.0.0.3", "/v1/hotels?city=Nowhere", null));
        assertEquals(200, Http.get("/v1/hotels?city=Nowhere").statusCode(), "another (exempt) client is served");
    }

    @Test
    void pagesAndAnswersCarrySecurityHeaders() {
        for (String path : new String[] {"/", "/hotels/", "/checkout.html", "/v1/hotels?city=Nowhere"}) {
            HttpResponse<String> r = Http.get(path);
            assertEquals(200, r.statusCode(), path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), path + ": " + csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
    }
}
