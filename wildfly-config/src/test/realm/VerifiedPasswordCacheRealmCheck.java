import java.security.Principal;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reckon.platform.security.VerifiedPasswordCacheRealm;
import org.wildfly.security.auth.SupportLevel;
import org.wildfly.security.auth.principal.NamePrincipal;
import org.wildfly.security.auth.realm.SimpleMapBackedSecurityRealm;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.auth.server.RealmUnavailableException;
import org.wildfly.security.auth.server.SecurityRealm;
import org.wildfly.security.credential.Credential;
import org.wildfly.security.evidence.Evidence;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;

/**
 * Checks VerifiedPasswordCacheRealm against a real Elytron realm holding bcrypt hashes, counting
 * the checks that reach the delegate (each one a bcrypt). Run by configure-server.sh whenever it
 * compiles the realm; exits non-zero on the first failed expectation.
 */
public class VerifiedPasswordCacheRealmCheck {

    static final Supplier<Provider[]> PROVIDERS = () -> new Provider[] {WildFlyElytronPasswordProvider.getInstance()};
    static final AtomicInteger checks = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        SimpleMapBackedSecurityRealm store = new SimpleMapBackedSecurityRealm(PROVIDERS);
        store.setPasswordMap("alice", bcrypt("alice-pw"));
        VerifiedPasswordCacheRealm realm = new VerifiedPasswordCacheRealm(counting(store), 60_000, 10_000);

        expect(verify(realm, "alice", "alice-pw"), "the right password is accepted");
        expect(checks.get() == 1, "the first check runs bcrypt");
        expect(verify(realm, "alice", "alice-pw") && verify(realm, "alice", "alice-pw"), "accepted again");
        expect(checks.get() == 1, "a remembered check does not run bcrypt again (ran " + checks.get() + ")");
        expect(realm.size() == 1, "one entry remembered");

        expect(!verify(realm, "alice", "wrong"), "a wrong password is refused after a right one");
        expect(!verify(realm, "alice", "wrong"), "and refused again");
        expect(checks.get() == 3, "refused guesses are never remembered: each reaches the delegate");
        expect(realm.size() == 1, "nothing remembered for refused guesses");

        store.setPasswordMap("alice", bcrypt("new-pw"));
        expect(!verify(realm, "alice", "alice-pw"), "the old password is refused as soon as the stored hash changed");
        expect(verify(realm, "alice", "new-pw"), "the new password is accepted");
        int before = checks.get();
        expect(verify(realm, "alice", "new-pw") && checks.get() == before, "the new password is remembered");

        store.setPasswordMap("bob", bcrypt("alice-pw"));
        before = checks.get();
        expect(verify(realm, "bob", "alice-pw") && checks.get() == before + 1, "another user's entry is not shared");

        store.setIdentityMap(java.util.Map.of());
        expect(!realm.getRealmIdentity(new NamePrincipal("alice")).exists(), "a removed identity does not exist");

        VerifiedPasswordCacheRealm noMemory = new VerifiedPasswordCacheRealm(counting(store), 0, 10_000);
        store.setPasswordMap("carol", bcrypt("carol-pw"));
        before = checks.get();
        expect(verify(noMemory, "carol", "carol-pw") && verify(noMemory, "carol", "carol-pw") && checks.get() == before + 2,
                "an expired entry is checked again");

        VerifiedPasswordCacheRealm switched = new VerifiedPasswordCacheRealm(counting(store), 60_000, 10_000);
        expect(verify(switched, "carol", "carol-pw"), "carol accepted");
        System.setProperty(VerifiedPasswordCacheRealm.SWITCH, "off");
        before = checks.get();
        expect(verify(switched, "carol", "carol-pw") && checks.get() == before + 1, "switched off, every check reaches the delegate");
        System.clearProperty(VerifiedPasswordCacheRealm.SWITCH);
        before = checks.get();
        expect(verify(switched, "carol", "carol-pw") && checks.get() == before, "switched on again, remembered");

        VerifiedPasswordCacheRealm small = new VerifiedPasswordCacheRealm(counting(store), 60_000, 2);
        store.setPasswordMap("u1", bcrypt("p1"));
        store.setPasswordMap("u2", bcrypt("p2"));
        store.setPasswordMap("u3", bcrypt("p3"));
        verify(small, "u1", "p1");
        verify(small, "u2", "p2");
        verify(small, "u3", "p3");
        expect(small.size() <= 2, "bounded by maximum-entries (" + small.size() + ")");
        System.out.println("VerifiedPasswordCacheRealmCheck: all checks passed");
    }

    static boolean verify(SecurityRealm realm, String user, String password) throws RealmUnavailableException {
        RealmIdentity identity = realm.getRealmIdentity(new NamePrincipal(user));
        return identity.exists() && identity.verifyEvidence(new PasswordGuessEvidence(password.toCharArray()));
    }

    static Password bcrypt(String password) throws Exception {
        byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
        new java.security.SecureRandom().nextBytes(salt);
        return PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, WildFlyElytronPasswordProvider.getInstance())
                .generatePassword(new EncryptablePasswordSpec(password.toCharArray(), new IteratedSaltedPasswordAlgorithmSpec(4, salt)));
    }

    /** The store, counting the password checks that reach it. */
    static SecurityRealm counting(SecurityRealm store) {
        return new SecurityRealm() {
            @Override
            public RealmIdentity getRealmIdentity(Principal principal) throws RealmUnavailableException {
                RealmIdentity identity = store.getRealmIdentity(principal);
                return new RealmIdentity() {
                    public Principal getRealmIdentityPrincipal() {
                        return identity.getRealmIdentityPrincipal();
                    }

                    public SupportLevel getCredentialAcquireSupport(Class<? extends Credential> t, String a, AlgorithmParameterSpec s)
                            throws RealmUnavailableException {
                        return identity.getCredentialAcquireSupport(t, a, s);
                    }

                    public <C extends Credential> C getCredential(Class<C> t) throws RealmUnavailableException {
                        return identity.getCredential(t);
                    }

                    public SupportLevel getEvidenceVerifySupport(Class<? extends Evidence> t, String a) throws RealmUnavailableException {
                        return identity.getEvidenceVerifySupport(t, a);
                    }

                    public boolean verifyEvidence(Evidence e) throws RealmUnavailableException {
                        checks.incrementAndGet();
                        return identity.verifyEvidence(e);
                    }

                    public boolean exists() throws RealmUnavailableException {
                        return identity.exists();
                    }
                };
            }

            public SupportLevel getCredentialAcquireSupport(Class<? extends Credential> t, String a, AlgorithmParameterSpec s)
                    throws RealmUnavailableException {
                return store.getCredentialAcquireSupport(t, a, s);
            }

            public SupportLevel getEvidenceVerifySupport(Class<? extends Evidence> t, String a) throws RealmUnavailableException {
                return store.getEvidenceVerifySupport(t, a);
            }
        };
    }

    static void expect(boolean condition, String what) {
        if (!condition) {
            System.err.println("VerifiedPasswordCacheRealmCheck FAILED: " + what);
            System.exit(1);
        }
    }
}
