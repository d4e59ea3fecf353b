package org.reckon.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A plain HTTP client for tests that act as the API's clients. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static volatile HttpClient tlsClient;

    /**
     * When set, {@link #request} goes to the HTTPS listener ({@link #httpsBaseUrl}) and {@link #send}
     * checks its certificate against the keystore provisioned for the test server (issue 11: the
     * authorization matrix runs over TLS too). Set and cleared around a whole test, as {@code Call.bearer} is.
     */
    public static volatile boolean tls;

    private Http() {
    }

    /** The plain HTTP base URL of the test server (also where /openapi is fetched from). */
    public static String baseUrl() {
        return System.getProperty("reckon.test.base.url", "http://127.0.0.1:8180");
    }

    /** The HTTPS listener of the test server: 8443 + its port offset (in the server or in the client JVM). */
    public static String httpsBaseUrl() {
        int offset = Integer.getInteger("jboss.socket.binding.port-offset", Integer.getInteger("reckon.test.port.offset", 0));
        return "https://127.0.0.1:" + (8443 + offset);
    }

    /**
     * A client that trusts the test server's provisioned keystore (CN=localhost, SAN 127.0.0.1), so
     * the certificate and the host name are checked; found in the server's configuration directory
     * (in-container) or under {@code jboss.home} (client JVM).
     */
    public static HttpClient tlsClient() {
        HttpClient c = tlsClient;
        if (c == null) {
            synchronized (Http.class) {
                if (tlsClient == null) {
                    tlsClient = newTlsClient();
                }
                c = tlsClient;
            }
        }
        return c;
    }

    private static HttpClient newTlsClient() {
        String dir = System.getProperty("jboss.server.config.dir",
                System.getProperty("jboss.home", "") + "/standalone/configuration");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(dir, "application.keystore"))) {
            java.security.KeyStore keystore = java.security.KeyStore.getInstance("JKS");
            keystore.load(in, "password".toCharArray());
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keystore);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the test server's keystore in " + dir + " could not be read: " + e, e);
        }
    }

    public static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create((tls ? httpsBaseUrl() : baseUrl()) + path)).timeout(Duration.ofSeconds(30));
    }

    public static HttpRequest.Builder as(HttpRequest.Builder request, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request.header("Authorization", "Basic " + token);
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response = ("https".equals(built.uri().getScheme()) ? tlsClient() : CLIENT)
                    .send(built, HttpResponse.BodyHandlers.ofString());
            // in the client JVM and in the server alike (the suite's deployment carries the validator)
            if (org.reckon.it.contract.Exchanges.enabled()) {
                // every exchange with /v1 must be what the served /openapi says (fails the calling test otherwise)
                org.reckon.it.contract.Exchanges.check(baseUrl(), built, response);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }
}
