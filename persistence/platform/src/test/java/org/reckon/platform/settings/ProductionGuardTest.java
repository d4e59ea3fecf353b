package org.reckon.platform.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reckon.platform.settings.ProductionGuard.Rule;
import org.reckon.platform.settings.ProductionGuard.Secret;

class ProductionGuardTest {

    private static final List<Secret> SECRETS = List.of(Secret.of("reckon.psp.webhook-secret", "whsec_reckon_sandbox"),
            Secret.of("reckon.db.password", "reckon"));
    private static final List<Rule> RULES = List.of(new Rule("reckon.search.url", v -> v.startsWith("https://"),
            "must be an https URL"));

    private static List<String> violations(String env, Map<String, String> config, Map<String, String> systemProperties) {
        return ProductionGuard.violations(env, k -> Optional.ofNullable(config.get(k)), systemProperties::get, SECRETS, RULES);
    }

    @Test
    void devAndTestAcceptTheirDefaults() {
        assertTrue(violations("dev", Map.of(), Map.of()).isEmpty());
        assertTrue(violations("test", Map.of("reckon.db.password", "reckon"), Map.of("reckon.db.password", "reckon")).isEmpty());
    }

    @Test
    void prodNamesEveryMissingSandboxOrCommandLineSecret() {
        List<String> found = violations("prod", Map.of("reckon.psp.webhook-secret", "whsec_reckon_sandbox",
                "reckon.db.password", "s3cret", "reckon.search.url", "http://search:9200"),
                Map.of("reckon.db.password", "s3cret"));
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("reckon.psp.webhook-secret still has its dev/sandbox value"), found.get(0));
        assertTrue(found.get(0).contains("RECKON_PSP_WEBHOOK_SECRET"), found.get(0));
        assertTrue(found.get(1).startsWith("reckon.db.password is given as a system property"), found.get(1));
        assertTrue(found.get(2).startsWith("reckon.search.url must be an https URL"), found.get(2));
    }

    @Test
    void prodRefusesAMissingSecretAndAcceptsASafeConfiguration() {
        List<String> found = violations("prod", Map.of("reckon.db.password", "s3cret", "reckon.search.url", "https://s"), Map.of());
        assertEquals(List.of("reckon.psp.webhook-secret is missing: set it in the environment as RECKON_PSP_WEBHOOK_SECRET"), found);
        assertTrue(violations("prod", Map.of("reckon.db.password", "s3cret", "reckon.psp.webhook-secret", "whsec_live_x",
                "reckon.search.url", "https://s"), Map.of()).isEmpty());
    }

    @Test
    void checkFailsNamingTheSetting() {
        var e = assertThrows(ProductionGuard.UnsafeConfigurationException.class, () -> ProductionGuard.check("payment", "prod",
                k -> Optional.empty(), k -> null, SECRETS, List.of()));
        assertTrue(e.getMessage().contains("reckon.psp.webhook-secret is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("reckon.db.password is missing"), e.getMessage());
    }
}
