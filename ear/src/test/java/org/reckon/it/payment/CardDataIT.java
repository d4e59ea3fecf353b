package org.reckon.it.payment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;

/**
 * PCI scope: Reckon never stores or logs a card number, CVV or expiry, only the PSP's token.
 * Pays with test cards through the PSP's hosted flow (one paid, one declined, both seen final in
 * Reckon), then searches every text and JSON column of every table of the three databases for the
 * numbers, the expiry and the CVV, and the server log of the test's window for all of them.
 */
@ExtendWith(ArquillianExtension.class)
class CardDataIT {

    private static final Logger LOG = Logger.getLogger(CardDataIT.class.getName());
    private static final String CVV = "987";
    private static final String EXPIRY = "11/29";
    private static final List<String> SECRETS = List.of("4242424242424242", "4000000000000002", "cvv\":\"" + CVV, EXPIRY);
    /**
     * The CVV as a value of its own (a column holding it, {@code "cvv":"987"} in a stored body): three
     * digits not inside a longer run of letters, digits or the separators of ids, amounts and
     * timestamps, which contain "987" by chance ({@code ...:33.987Z}, {@code 1987}, {@code 987f-}).
     */
    private static final String CVV_AS_A_VALUE = "(^|[^0-9A-Za-z.:,_-])" + CVV + "([^0-9A-Za-z.:,_-]|$)";

    @Test
    void noCardNumberCvvOrExpiryIsStoredOrLogged() throws Exception {
        Path serverLog = Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
        long logStart = Files.size(serverLog); // only what the server logs during this test is searched
        String first = "card-data-it start " + UUID.randomUUID();
        LOG.info(first);
        List<String> outcomes = new ArrayList<>();
        for (String card : List.of("4242424242424242", "4000000000000002")) {
            String checkout = "co-" + UUID.randomUUID().toString().substring(0, 12);
            HttpResponse<String> created = Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user,
                            TestUsers.ALICE.password)
                    .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_id\":\"" + checkout + "\",\"buyer_info\":{},"
                            + "\"payment_orders\":[{\"payment_order_id\":\"" + checkout + "-1\",\"seller_account\":\"s\","
                            + "\"amount\":\"1.00\",\"currency\":\"USD\"}]}")));
            assertEquals(201, created.statusCode(), created.body());
            String token = awaitToken(checkout);
            HttpResponse<String> confirmed = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + token + "/confirm")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"" + card
                            + "\",\"holder\":\"Alice\",\"expiry\":\"" + EXPIRY + "\",\"cvv\":\"" + CVV + "\"}")));
            assertEquals(200, confirmed.statusCode(), confirmed.body());
            // the webhook is applied: the card really reached the PSP and its outcome reached Reckon
            outcomes.add(awaitFinal(checkout));
        }
        assertEquals(List.of("SUCCESS", "FAILED"), outcomes, "4242... pays, 4000...0002 is declined");

        List<String> found = new ArrayList<>();
        for (String ds : List.of(Rows.PAYMENT_DS, Rows.LEDGER_DS, Rows.HOTEL_DS)) {
            found.addAll(searchTables(ds));
        }
        String last = "card-data-it end " + UUID.randomUUID();
        LOG.info(last);
        String log = logSince(serverLog, logStart);
        for (String secret : SECRETS) {
            if (log.contains(secret)) {
                found.add("server.log contains " + secret);
            }
        }
        assertTrue(found.isEmpty(), found.toString());
        // the text searched is the live server log, from before the first payment to after the last
        assertTrue(log.contains(first) && log.contains(last), "the server log read is not this test's window");
    }

    /** What the server logged from this offset on (all of the log if it was rotated meanwhile). */
    private static String logSince(Path log, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(log)) {
            long from = channel.size() < offset ? 0 : offset;
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(channel.size() - from));
            while (bytes.hasRemaining() && channel.read(bytes, from + bytes.position()) >= 0) {
                // read until full
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        }
    }

    private static JsonObject order(String checkout) {
        HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/payments?checkout_id=" + checkout),
                TestUsers.ALICE.user, TestUsers.ALICE.password).GET());
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body()).getJsonArray("payment_orders").getJsonObject(0);
    }

    private static String awaitToken(String checkout) {
        return await("registered at the PSP: " + checkout).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> order(checkout), o -> o.containsKey("psp_token")).getString("psp_token");
    }

    private static String awaitFinal(String checkout) {
        return await("final status of " + checkout).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> order(checkout).getString("status"), s -> s.equals("SUCCESS") || s.equals("FAILED"));
    }

    private static List<String> searchTables(String dataSourceJndi) throws SQLException, IOException {
        List<String> found = new ArrayList<>();
        try (Connection c = Jndi.lookup(dataSourceJndi, DataSource.class).getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'public'"
                    + " AND data_type IN ('character varying', 'text', 'character', 'json', 'jsonb')");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertFalse(columns.isEmpty());
            for (String[] col : columns) {
                for (String secret : List.of("4242424242424242", "4000000000000002", EXPIRY)) {
                    try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM \"" + col[0] + "\" WHERE \""
                            + col[1] + "\"::text LIKE ?")) {
                        st.setString(1, "%" + secret + "%");
                        try (ResultSet rs = st.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.add(dataSourceJndi + " " + col[0] + "." + col[1] + " contains " + secret);
                            }
                        }
                    }
                }
                try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM \"" + col[0] + "\" WHERE \""
                        + col[1] + "\"::text ~ ?")) {
                    st.setString(1, CVV_AS_A_VALUE);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.add(dataSourceJndi + " " + col[0] + "." + col[1] + " contains the CVV " + CVV);
                        }
                    }
                }
            }
        }
        return found;
    }
}
