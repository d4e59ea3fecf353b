package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.TestUsers;

/**
 * Issue 11, item 3 (the part done): the HTTPS listener serves the API with the keystore generated
 * at provisioning (CN=localhost, SAN 127.0.0.1), trusted here from that very keystore, so the
 * client checks the certificate and the host name. Basic authentication, its refusal, the
 * authorization of a customer, problem+json and HSTS work over TLS.
 */
@ExtendWith(ArquillianExtension.class)
class TlsIT {

    private static HttpClient tlsClient() throws Exception {
        KeyStore keystore = KeyStore.getInstance("JKS");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("jboss.server.config.dir"), "application.keystore"))) {
            keystore.load(in, "password".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keystore);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String https(String path) {
        int offset = Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return "https://127.0.0.1:" + (8443 + offset) + path;
    }

    private static HttpRequest.Builder as(String path, TestUsers user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(https(path))).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user.user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /**
     * Issue 15: the plain HTTP listener declines the h2c upgrade that Java's HttpClient asks for by
     * default. Accepted, it multiplexed every request of such a client (the pay-in benchmark's 64
     * clients, the PSP client, the sandbox's webhooks) over one connection, read by one Undertow
     * I/O thread, with HTTP/2 framing: 6.7 % of the server's CPU samples in the pay-in benchmark
     * ({@code benchmark/results/payin-2026-12-06-e.md}). HTTP/2 stays on the TLS listener.
     */
    @Test
    void thePlainListenerAnswersHttp11ToAClientThatAsksForAnH2cUpgrade() throws Exception {
        HttpClient defaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertEquals(HttpClient.Version.HTTP_2, defaults.version(), "Java's default asks for the upgrade");
        HttpResponse<String> r = defaults.send(Http.request("/v1/hotels?city=Nowhere").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
    }

    @Test
    void theApiAnswersOverTlsWithTheProvisionedCertificateAndHsts() throws Exception {
        HttpClient client = tlsClient();
        HttpResponse<String> mine = client.send(as("/v1/reservations", TestUsers.ALICE, TestUsers.ALICE.password).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, mine.statusCode(), mine.body());
        SSLSession session = mine.sslSession().orElseThrow();
        X509Certificate certificate = (X509Certificate) session.getPeerCertificates()[0];
        assertTrue(certificate.getSubjectX500Principal().getName().contains("CN=localhost"), certificate.getSubjectX500Principal().getName());
        assertTrue(session.getProtocol().startsWith("TLSv1."), session.getProtocol());
        assertTrue(mine.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age="), "HSTS over HTTPS");
        assertTrue(Http.get("/v1/hotels?city=Nowhere").headers().firstValue("Strict-Transport-Security").isEmpty(),
                "no HSTS over plain HTTP");

        HttpResponse<String> refused = client.send(as("/v1/reservations", TestUsers.ALICE, "wrong").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body().contains("AUTHENTICATION_REQUIRED"), refused.body());
        HttpResponse<String> forbidden = client.send(as("/v1/ledger/verify", TestUsers.ALICE, TestUsers.ALICE.password).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forbidden.statusCode(), forbidden.body());
        HttpResponse<String> staff = client.send(as("/v1/ledger/verify", TestUsers.STAFF, TestUsers.STAFF.password).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, staff.statusCode(), staff.body());
    }
}
