package org.reckon.platform.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Refuses, with {@code reckon.env=prod}, a configuration a production server must not run with:
 * a secret that is missing, still equals a dev or sandbox value, or was given as a {@code -D}
 * system property (visible to anyone on the machine through {@code ps}). Secrets come from the
 * environment ({@code reckon.psp.webhook-secret} is {@code RECKON_PSP_WEBHOOK_SECRET}, the
 * MicroProfile Config mapping) or from an Elytron credential store through the server's
 * configuration. Each context declares its own secrets and calls {@link #check} from a startup
 * bean, so a violation fails the deployment with a message naming every offending setting.
 */
public final class ProductionGuard {

    private ProductionGuard() {
    }

    /** A secret setting and the values it must never have in production (dev, test, sandbox defaults). */
    public record Secret(String key, Set<String> unsafeValues) {

        public static Secret of(String key, String... unsafeValues) {
            return new Secret(key, Set.of(unsafeValues));
        }

        /** The environment variable MicroProfile Config reads for this key. */
        public String environmentVariable() {
            return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
        }
    }

    /** A setting that is not a secret but must satisfy a rule in production (an https URL, say). */
    public record Rule(String key, java.util.function.Predicate<String> safe, String requirement) {
    }

    /**
     * Every violation, one line each, naming the setting; empty when the environment is not
     * {@code prod} or when nothing is wrong.
     *
     * @param config          the effective configuration (MicroProfile Config: environment, -P files, -D)
     * @param systemProperty  the JVM's system properties alone, to tell a {@code -D} secret apart
     */
    public static List<String> violations(String env, Function<String, Optional<String>> config,
                                          Function<String, String> systemProperty, List<Secret> secrets,
                                          List<Rule> rules) {
        List<String> found = new ArrayList<>();
        if (!"prod".equals(env)) {
            return found;
        }
        for (Secret secret : secrets) {
            Optional<String> value = config.apply(secret.key()).filter(v -> !v.isBlank());
            if (systemProperty.apply(secret.key()) != null) {
                found.add(secret.key() + " is given as a system property (-D or -P), visible in ps: set it in the "
                        + "environment as " + secret.environmentVariable() + " or in the credential store");
            } else if (value.isEmpty()) {
                found.add(secret.key() + " is missing: set it in the environment as " + secret.environmentVariable());
            } else if (secret.unsafeValues().contains(value.get())) {
                found.add(secret.key() + " still has its dev/sandbox value: set a production secret in "
                        + secret.environmentVariable());
            }
        }
        for (Rule rule : rules) {
            Optional<String> value = config.apply(rule.key());
            if (value.isEmpty() || !rule.safe().test(value.get())) {
                boolean secret = rule.key().matches(".*(secret|password|key).*");
                found.add(rule.key() + " " + rule.requirement()
                        + (value.isEmpty() ? " (is unset)" : secret ? "" : " (is " + value.get() + ")"));
            }
        }
        return found;
    }

    /** Throws {@link UnsafeConfigurationException} naming every violation (deployment fails), if any. */
    public static void check(String what, String env, Function<String, Optional<String>> config,
                             Function<String, String> systemProperty, List<Secret> secrets, List<Rule> rules) {
        List<String> found = violations(env, config, systemProperty, secrets, rules);
        if (!found.isEmpty()) {
            throw new UnsafeConfigurationException("reckon.env=prod refuses the " + what + " configuration: "
                    + String.join("; ", found));
        }
    }

    public static final class UnsafeConfigurationException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public UnsafeConfigurationException(String message) {
            super(message);
        }
    }
}
