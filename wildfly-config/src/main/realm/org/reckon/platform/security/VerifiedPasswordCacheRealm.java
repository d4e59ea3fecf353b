package org.reckon.platform.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.as.server.CurrentServiceContainer;
import org.jboss.msc.service.ServiceController;
import org.jboss.msc.service.ServiceName;
import org.wildfly.security.auth.SupportLevel;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.auth.server.RealmUnavailableException;
import org.wildfly.security.auth.server.SecurityRealm;
import org.wildfly.security.auth.server.event.RealmEvent;
import org.wildfly.security.authz.Attributes;
import org.wildfly.security.authz.AuthorizationIdentity;
import org.wildfly.security.credential.Credential;
import org.wildfly.security.credential.PasswordCredential;
import org.wildfly.security.evidence.Evidence;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * An Elytron {@code custom-realm} in front of another realm (by default {@code ReckonCachingRealm})
 * that remembers, for a short time, that a password was verified, so that Basic authentication does
 * not run bcrypt on every request (issue 15: 66 % of an authenticated GET's CPU).
 *
 * <p>Why not Elytron's own {@code caching-realm}: it caches the identity and its stored hash, not
 * the outcome of checking a guess against that hash, so every request still pays bcrypt. Why not
 * {@code STATEFUL_BASIC}: it keeps the identity in an HTTP session, which needs a cookie that API
 * clients (game servers, curl) do not send.
 *
 * <p>What is remembered: an HMAC-SHA256, under a random key drawn when the realm starts and never
 * stored, of (user name, password guess, the stored hash in modular-crypt form). Never the password,
 * never an unkeyed digest of it. An entry lives {@code maximum-age} ms (60,000) and the map at most
 * {@code maximum-entries} (10,000) entries. Only successful checks are remembered: a refused guess
 * always goes to the delegate (so to bcrypt, Elytron's brute-force wrapper and the application's
 * failed-login counting, which all see it as before).
 *
 * <p>Invalidation: the stored hash is part of the key, so a new password (set-password on
 * {@code ReckonRealm}, which the caching realm hears) makes every remembered check of the old one
 * unusable at once. Roles and attributes are never remembered here: they come from the delegate on
 * every request (the caching realm's, cleared on change or by {@code clear-cache}). A removed
 * identity no longer exists in the delegate, and this realm asks the delegate first.
 *
 * <p>The system property {@value #SWITCH}{@code =off} bypasses the cache at once (every check goes
 * to the delegate again); removing it turns the cache back on.
 *
 * <p>Configuration ({@code configuration={...}} of the custom-realm): {@code delegate} (a realm
 * name), {@code maximum-age} (ms), {@code maximum-entries}. Compiled and installed as the JBoss module
 * {@code org.reckon.security.realm} by {@code wildfly-config/bin/configure-server.sh}.
 */
public final class VerifiedPasswordCacheRealm implements SecurityRealm {

    /**
     * The system property that turns the cache off at runtime ({@code off}) without a reload: the
     * operator's kill switch, and how benchmark/request-path.sh measures Basic without it in the same run.
     */
    public static final String SWITCH = "reckon.security.verified-password-cache";

    private static final ServiceName REALMS = ServiceName.parse("org.wildfly.security.security-realm");

    private String delegateName = "ReckonCachingRealm";
    private long maximumAgeNanos = TimeUnit.SECONDS.toNanos(60);
    private int maximumEntries = 10_000;
    private volatile SecurityRealm delegate;

    private final ConcurrentHashMap<Key, Long> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec secret;
    private final ThreadLocal<Mac> macs;

    public VerifiedPasswordCacheRealm() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secret = new SecretKeySpec(key, "HmacSHA256");
        macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** For tests: a realm in front of the given one. */
    public VerifiedPasswordCacheRealm(SecurityRealm delegate, long maximumAgeMillis, int maximumEntries) {
        this();
        this.delegate = delegate;
        this.maximumAgeNanos = TimeUnit.MILLISECONDS.toNanos(maximumAgeMillis);
        this.maximumEntries = maximumEntries;
    }

    /** Called by WildFly's custom-realm with its {@code configuration} map. */
    public void initialize(Map<String, String> configuration) {
        delegateName = configuration.getOrDefault("delegate", delegateName);
        if (configuration.containsKey("maximum-age")) {
            maximumAgeNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(configuration.get("maximum-age")));
        }
        if (configuration.containsKey("maximum-entries")) {
            maximumEntries = Integer.parseInt(configuration.get("maximum-entries"));
        }
    }

    /** How many verified checks are remembered now (for tests and diagnostics). */
    public int size() {
        return verified.size();
    }

    private SecurityRealm delegate() throws RealmUnavailableException {
        SecurityRealm realm = delegate;
        if (realm == null) {
            synchronized (this) {
                realm = delegate;
                if (realm == null) {
                    ServiceController<?> controller = CurrentServiceContainer.getServiceContainer()
                            .getService(REALMS.append(delegateName));
                    if (controller == null) {
                        throw new RealmUnavailableException("no security realm " + delegateName);
                    }
                    try {
                        if (controller.getState() != ServiceController.State.UP) {
                            controller.setMode(ServiceController.Mode.ACTIVE);
                        }
                        realm = (SecurityRealm) controller.awaitValue(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new RealmUnavailableException("security realm " + delegateName + " is not available", e);
                    }
                    delegate = realm;
                }
            }
        }
        return realm;
    }

    @Override
    public RealmIdentity getRealmIdentity(Principal principal) throws RealmUnavailableException {
        return wrap(delegate().getRealmIdentity(principal));
    }

    @Override
    public RealmIdentity getRealmIdentity(Evidence evidence) throws RealmUnavailableException {
        return wrap(delegate().getRealmIdentity(evidence));
    }

    @Override
    public RealmIdentity getRealmIdentity(Evidence evidence, Function<Principal, Principal> rewriter)
            throws RealmUnavailableException {
        return wrap(delegate().getRealmIdentity(evidence, rewriter));
    }

    @Override
    public SupportLevel getCredentialAcquireSupport(Class<? extends Credential> type, String algorithm,
            AlgorithmParameterSpec spec) throws RealmUnavailableException {
        return delegate().getCredentialAcquireSupport(type, algorithm, spec);
    }

    @Override
    public SupportLevel getEvidenceVerifySupport(Class<? extends Evidence> type, String algorithm)
            throws RealmUnavailableException {
        return delegate().getEvidenceVerifySupport(type, algorithm);
    }

    @Override
    public void handleRealmEvent(RealmEvent event) {
        SecurityRealm realm = delegate;
        if (realm != null) {
            realm.handleRealmEvent(event);
        }
    }

    private RealmIdentity wrap(RealmIdentity identity) throws RealmUnavailableException {
        return identity == null || !identity.exists() ? identity : new Identity(identity);
    }

    /**
     * The key of a check, or null when it cannot be formed (no stored password in a form this realm
     * can encode): then nothing is remembered.
     */
    Key key(String name, char[] guess, RealmIdentity identity) throws RealmUnavailableException {
        PasswordCredential stored = identity.getCredential(PasswordCredential.class);
        if (stored == null || name == null) {
            return null;
        }
        char[] encoded;
        try {
            Password password = stored.getPassword();
            encoded = ModularCrypt.encode(password);
        } catch (Exception e) {
            return null;
        }
        Mac mac = macs.get();
        mac.reset();
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(guess));
        try {
            mac.update(bytes);
        } finally {
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
        mac.update((byte) 0);
        mac.update(new String(encoded).getBytes(StandardCharsets.US_ASCII));
        return new Key(mac.doFinal());
    }

    private boolean remembered(Key key) {
        Long until = verified.get(key);
        if (until == null) {
            return false;
        }
        if (until - System.nanoTime() > 0) {
            return true;
        }
        verified.remove(key, until);
        return false;
    }

    private void remember(Key key) {
        long now = System.nanoTime();
        if (verified.size() >= maximumEntries) { // bounded: drop what has expired, else start over
            verified.values().removeIf(until -> until - now <= 0);
            if (verified.size() >= maximumEntries) {
                verified.clear();
            }
        }
        verified.put(key, now + maximumAgeNanos);
    }

    /** 32 bytes of HMAC. */
    record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private final class Identity implements RealmIdentity {
        private final RealmIdentity identity;

        Identity(RealmIdentity identity) {
            this.identity = identity;
        }

        @Override
        public boolean verifyEvidence(Evidence evidence) throws RealmUnavailableException {
            if (!(evidence instanceof PasswordGuessEvidence guess) || "off".equals(System.getProperty(SWITCH))) {
                return identity.verifyEvidence(evidence);
            }
            Principal principal = identity.getRealmIdentityPrincipal();
            Key key = key(principal == null ? null : principal.getName(), guess.getGuess(), identity);
            if (key != null && remembered(key)) {
                return true;
            }
            boolean ok = identity.verifyEvidence(evidence);
            if (ok && key != null) {
                remember(key);
            }
            return ok;
        }

        @Override
        public Principal getRealmIdentityPrincipal() {
            return identity.getRealmIdentityPrincipal();
        }

        @Override
        public SupportLevel getCredentialAcquireSupport(Class<? extends Credential> type, String algorithm,
                AlgorithmParameterSpec spec) throws RealmUnavailableException {
            return identity.getCredentialAcquireSupport(type, algorithm, spec);
        }

        @Override
        public <C extends Credential> C getCredential(Class<C> type) throws RealmUnavailableException {
            return identity.getCredential(type);
        }

        @Override
        public <C extends Credential> C getCredential(Class<C> type, String algorithm) throws RealmUnavailableException {
            return identity.getCredential(type, algorithm);
        }

        @Override
        public <C extends Credential> C getCredential(Class<C> type, String algorithm, AlgorithmParameterSpec spec)
                throws RealmUnavailableException {
            return identity.getCredential(type, algorithm, spec);
        }

        @Override
        public void updateCredential(Credential credential) throws RealmUnavailableException {
            identity.updateCredential(credential);
        }

        @Override
        public SupportLevel getEvidenceVerifySupport(Class<? extends Evidence> type, String algorithm)
                throws RealmUnavailableException {
            return identity.getEvidenceVerifySupport(type, algorithm);
        }

        @Override
        public boolean exists() throws RealmUnavailableException {
            return identity.exists();
        }

        @Override
        public void dispose() {
            identity.dispose();
        }

        @Override
        public AuthorizationIdentity getAuthorizationIdentity() throws RealmUnavailableException {
            return identity.getAuthorizationIdentity();
        }

        @Override
        public Attributes getAttributes() throws RealmUnavailableException {
            return identity.getAttributes();
        }
    }
}
