package org.reckon.platform.production;

import org.reckon.platform.settings.ProductionGuard;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.reckon.platform.settings.ProductionGuard.Rule;
import org.reckon.platform.settings.ProductionGuard.Secret;

/**
 * The platform's part of "production refuses unsafe configuration": with {@code reckon.env=prod}
 * the deployment fails, naming the setting, unless the database password and the Elasticsearch
 * credentials come from the environment (never {@code -D}) and differ from the dev/test values,
 * and Elasticsearch is reached over https.
 */
@Singleton
@Startup
public class PlatformProductionSettings {

    private static final Logger LOG = Logger.getLogger(PlatformProductionSettings.class.getName());

    static final List<Secret> SECRETS = List.of(
            Secret.of("reckon.db.password", "reckon", "postgres", "sa", ""),
            Secret.of("reckon.search.password", "changeme", "elastic", ""),
            Secret.of("reckon.jwt.keystore-password", "reckon-dev-jwt", ""));

    static final List<Rule> RULES = List.of(
            new Rule("reckon.search.url", url -> url.startsWith("https://"), "must be an https URL in prod"),
            new Rule("reckon.search.username", user -> !user.isBlank(), "must be set in prod"),
            new Rule("reckon.db.sslmode", "verify-full"::equals, "must be verify-full in prod"));

    @PostConstruct
    void check() {
        String env = env();
        ProductionGuard.check("platform", env, this::value, System::getProperty, SECRETS, RULES);
        LOG.info(() -> "Platform settings checked for reckon.env=" + env);
    }

    /** What the guard would refuse if this server ran with {@code env} (the tests ask for "prod"). */
    public List<String> violationsIf(String env) {
        return ProductionGuard.violations(env, this::value, System::getProperty, SECRETS, RULES);
    }

    private java.util.Optional<String> value(String key) {
        return config().getOptionalValue(key, String.class);
    }

    static String env() {
        return config().getOptionalValue("reckon.env", String.class).orElse("prod");
    }

    private static Config config() {
        return ConfigProvider.getConfig(PlatformProductionSettings.class.getClassLoader());
    }
}
