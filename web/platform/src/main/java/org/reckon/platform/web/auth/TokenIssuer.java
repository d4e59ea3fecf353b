package org.reckon.platform.web.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues short-lived bearer tokens: JWTs signed RS256 with the private key {@code jwt} of the
 * keystore {@code reckon-jwt.keystore} in the server's configuration folder, the key store the
 * Elytron token realm {@code ReckonJwtRealm} validates with (security.cli). Claims: {@code iss} and
 * {@code aud} "reckon", {@code sub} the user, {@code groups} the roles, {@code iat}, {@code exp}
 * (15 minutes), {@code jti}. The keystore password comes from {@code reckon.jwt.keystore-password}
 * (the environment in prod: RECKON_JWT_KEYSTORE_PASSWORD).
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String ISSUER = "reckon";
    public static final Duration LIFETIME = Duration.ofMinutes(15);

    @Inject
    @ConfigProperty(name = "reckon.jwt.keystore-password", defaultValue = "reckon-dev-jwt")
    String keystorePassword;

    private PrivateKey key;

    @PostConstruct
    void load() {
        Path file = Path.of(System.getProperty("jboss.server.config.dir", "."), "reckon-jwt.keystore");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, keystorePassword.toCharArray());
            key = (PrivateKey) keystore.getKey("jwt", keystorePassword.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            key = null; // no token can be issued; Basic still works (answered 503 by TokenResource)
            java.util.logging.Logger.getLogger(TokenIssuer.class.getName()).warning("no JWT signing key in " + file + ": " + e);
        }
    }

    public boolean ready() {
        return key != null;
    }

    public String issue(String user, List<String> roles, Instant now) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"; // no kid: the realm knows one key
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + ISSUER + "\",\"sub\":" + json(user) + ",\"groups\":["
                + roles.stream().map(TokenIssuer::json).collect(Collectors.joining(",")) + "],\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(LIFETIME).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64(header.getBytes(StandardCharsets.UTF_8)) + "." + base64(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a token", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A JSON string (user names are [A-Za-z0-9._@-], roles are words; escaped anyway). */
    private static String json(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
