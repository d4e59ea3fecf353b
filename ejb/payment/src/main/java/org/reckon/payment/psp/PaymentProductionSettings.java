package org.reckon.payment.psp;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.reckon.platform.settings.ProductionGuard;
import org.reckon.platform.settings.ProductionGuard.Rule;
import org.reckon.platform.settings.ProductionGuard.Secret;

/**
 * The payment context's part of "production refuses unsafe configuration": with
 * {@code reckon.env=prod} the deployment fails, naming the setting, while the webhook secret or
 * the PSP API key is missing, equals the sandbox's (which the sandbox prints on its index page),
 * or is given with {@code -D}; and the PSP must be reached over https.
 */
@Singleton
@Startup
public class PaymentProductionSettings {

    private static final Logger LOG = Logger.getLogger(PaymentProductionSettings.class.getName());

    static final List<Secret> SECRETS = List.of(
            Secret.of(PspSettings.WEBHOOK_SECRET, PspSettings.SANDBOX_WEBHOOK_SECRET, PspSettings.TEST_PREVIOUS_WEBHOOK_SECRET, ""),
            Secret.of(PspSettings.API_KEY, PspSettings.SANDBOX_API_KEY, ""));

    static final List<Rule> RULES = List.of(
            new Rule("reckon.psp.url", url -> url.startsWith("https://"), "must be an https URL in prod"),
            new Rule("reckon.public.url", url -> url.startsWith("https://"), "must be an https URL in prod"));

    @PostConstruct
    void check() {
        String env = config().getOptionalValue("reckon.env", String.class).orElse("prod");
        ProductionGuard.check("payment", env, this::value, System::getProperty, SECRETS, rules());
        LOG.info(() -> "Payment settings checked for reckon.env=" + env);
    }

    /** What the guard would refuse if this server ran with {@code env} (the tests ask for "prod"). */
    public List<String> violationsIf(String env) {
        return ProductionGuard.violations(env, this::value, System::getProperty, SECRETS, rules());
    }

    private List<Rule> rules() {
        // the previous secret is optional, but never a sandbox value or a -D
        Optional<String> previous = value(PspSettings.PREVIOUS_WEBHOOK_SECRET);
        if (previous.isEmpty() && System.getProperty(PspSettings.PREVIOUS_WEBHOOK_SECRET) == null) {
            return RULES;
        }
        return java.util.stream.Stream.concat(RULES.stream(), java.util.stream.Stream.of(new Rule(
                PspSettings.PREVIOUS_WEBHOOK_SECRET, v -> System.getProperty(PspSettings.PREVIOUS_WEBHOOK_SECRET) == null
                        && !v.equals(PspSettings.SANDBOX_WEBHOOK_SECRET) && !v.equals(PspSettings.TEST_PREVIOUS_WEBHOOK_SECRET),
                "must come from the environment and not be a sandbox/test value"))).toList();
    }

    private Optional<String> value(String key) {
        return config().getOptionalValue(key, String.class);
    }

    private static Config config() {
        return ConfigProvider.getConfig(PaymentProductionSettings.class.getClassLoader());
    }
}
