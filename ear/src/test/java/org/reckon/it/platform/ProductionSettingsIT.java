package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Jndi;
import org.reckon.payment.psp.PaymentProductionSettings;
import org.reckon.platform.production.PlatformProductionSettings;

/**
 * Issue 11, item 1: the startup guards ran on this (test) server and let it deploy; asked what
 * they would say of this very configuration under {@code reckon.env=prod}, they name every unsafe
 * setting: the sandbox webhook secret and API key, the database password, plain-http PSP and
 * search URLs and missing search credentials. (ProductionGuardTest covers the rules themselves:
 * sandbox values, {@code -D} secrets and the message that fails the deployment.)
 */
@ExtendWith(ArquillianExtension.class)
class ProductionSettingsIT {

    @Test
    void theTestConfigurationDeploysButWouldBeRefusedInProdNamingEachSetting() {
        PaymentProductionSettings payment = Jndi.lookup("java:global/reckon/reckon-ejb-payment/PaymentProductionSettings",
                PaymentProductionSettings.class);
        PlatformProductionSettings platform = Jndi.lookup("java:global/reckon/reckon-ejb-platform/PlatformProductionSettings",
                PlatformProductionSettings.class);
        assertEquals(List.of(), payment.violationsIf("test"));
        assertEquals(List.of(), platform.violationsIf("test"));

        List<String> paymentRefusals = payment.violationsIf("prod");
        assertNamed(paymentRefusals, "reckon.psp.webhook-secret");
        assertNamed(paymentRefusals, "reckon.psp.api-key");
        assertNamed(paymentRefusals, "reckon.psp.url must be an https URL");
        // test.properties sets a previous secret for the rotation test: a -P property is a system property, refused in prod
        assertNamed(paymentRefusals, "reckon.psp.webhook-secret.previous");
        List<String> platformRefusals = platform.violationsIf("prod");
        assertNamed(platformRefusals, "reckon.db.password");
        assertNamed(platformRefusals, "reckon.search.password is missing");
        assertNamed(platformRefusals, "reckon.search.url must be an https URL");
        assertNamed(platformRefusals, "reckon.db.sslmode must be verify-full");
        assertTrue(String.join(";", paymentRefusals).indexOf("whsec_") < 0, "a refusal never prints a secret: " + paymentRefusals);
    }

    private static void assertNamed(List<String> refusals, String start) {
        assertTrue(refusals.stream().anyMatch(r -> r.startsWith(start)), "expected a refusal starting with '" + start + "' in " + refusals);
    }
}
