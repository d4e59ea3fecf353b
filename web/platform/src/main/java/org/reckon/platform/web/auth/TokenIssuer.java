package org.reckon.platform.web.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.wildfly.security.auth.server.IdentityCredentials;
import org.wildfly.security.credential.KeyPairCredential;
import org.wildfly.security.credential.PasswordCredential;
import org.wildfly.security.credential.store.CredentialStore;
import org.wildfly.security.credential.store.WildFlyElytronCredentialStoreProvider;
import org.wildfly.security.password.interfaces.ClearPassword;

/**
 * Issues short-lived bearer tokens: JWTs signed RS256 with the private key of the key pair
 * {@value #ALIAS} of the Elytron credential store {@value #STORE} in the server's configuration
 * folder (a PKCS12 KeyStoreCredentialStore, the server's {@code credential-store=ReckonJwtCS}; its
 * public key is what the Elytron token realm {@code ReckonJwtRealm} validates with, security.cli).
 * Claims: {@code iss} and {@code aud} "reckon", {@code sub} and {@code upn} the user (MicroProfile
 * JWT's name claim), {@code groups} the roles, {@code iat}, {@code exp} (15 minutes), {@code jti}.
 * The store's password comes from {@code reckon.jwt.keystore-password} (the environment in prod:
 * RECKON_JWT_KEYSTORE_PASSWORD). With {@code reckon.env=prod} a missing key pair fails the
 * deployment; elsewhere only the token endpoint answers 500 and Basic still works.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String ISSUER = "reckon";
    public static final Duration LIFETIME = Duration.ofMinutes(15);
    static final String STORE = "reckon-jwt.cs";
    static final String ALIAS = "jwt";

    private static final Logger LOG = Logger.getLogger(TokenIssuer.class.getName());

    @Inject
    @ConfigProperty(name = "reckon.jwt.keystore-password", defaultValue = "reckon-dev-jwt")
    String storePassword;

    @Inject
    @ConfigProperty(name = "reckon.env", defaultValue = "prod")
    String env;

    private PrivateKey key;

    /** Loads the key at deployment (so prod fails at once without one), not at the first token. */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object application) {
        if (!ready() && "prod".equals(env)) {
            throw new IllegalStateException("reckon.jwt: no token signing key pair '" + ALIAS + "' could be read from the"
                    + " credential store " + STORE + " with reckon.jwt.keystore-password (RECKON_JWT_KEYSTORE_PASSWORD);"
                    + " install it (README, Production)");
        }
    }

    @PostConstruct
    void load() {
        Path file = Path.of(System.getProperty("jboss.server.config.dir", "."), STORE);
        key = null; // no token can be issued; Basic still works (answered 500 by TokenResource)
        if (!Files.isRegularFile(file)) {
            LOG.warning(() -> "no token signing credential store " + file);
            return;
        }
        try {
            CredentialStore store = CredentialStore.getInstance("KeyStoreCredentialStore",
                    WildFlyElytronCredentialStoreProvider.getInstance());
            store.initialize(Map.of("location", file.toString(), "keyStoreType", "PKCS12", "modifiable", "false"),
                    new CredentialStore.CredentialSourceProtectionParameter(IdentityCredentials.NONE.withCredential(
                            new PasswordCredential(ClearPassword.createRaw(ClearPassword.ALGORITHM_CLEAR,
                                    storePassword.toCharArray())))));
            KeyPairCredential pair = store.retrieve(ALIAS, KeyPairCredential.class);
            if (pair == null) {
                LOG.warning(() -> "no key pair '" + ALIAS + "' in the credential store " + file);
                return;
            }
            key = pair.getKeyPair().getPrivate();
        } catch (GeneralSecurityException | RuntimeException e) { // a CredentialStoreException is a GeneralSecurityException
            LOG.warning(() -> "the token signing credential store " + file + " cannot be read: " + e);
        }
    }

    public boolean ready() {
        return key != null;
    }

    public String issue(String user, List<String> roles, Instant now) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"; // no kid: the realm knows one key
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + ISSUER + "\",\"sub\":" + json(user) + ",\"upn\":" + json(user)
                + ",\"groups\":[" + roles.stream().map(TokenIssuer::json).collect(Collectors.joining(",")) + "],\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + now.plus(LIFETIME).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID()
                + "\"}";
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
