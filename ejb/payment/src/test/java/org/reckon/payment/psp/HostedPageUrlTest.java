package org.reckon.payment.psp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11, item 8: a hosted-page URL from the PSP is followed only when it is an http(s) URL of the PSP's origin. */
class HostedPageUrlTest {

    private static final List<String> PSP = List.of("https://psp.example/api", "https://pay.psp.example");

    @Test
    void pagesOfThePspsOriginsAreAccepted() {
        assertTrue(PspSettings.isPage("https://psp.example/pay/tok_1", PSP));
        assertTrue(PspSettings.isPage("https://PSP.example:443/pay/tok_1", PSP));
        assertTrue(PspSettings.isPage("https://pay.psp.example/p?t=1", PSP));
        assertTrue(PspSettings.isPage("http://localhost:8080/psp-sandbox/pay/tok", List.of("http://localhost:8080/psp-sandbox")));
    }

    @Test
    void scriptsOtherSitesAndLookalikesAreRefused() {
        for (String url : List.of("javascript:alert(1)", "data:text/html,<script>1</script>", "https://evil.example/pay",
                "https://psp.example.evil.example/pay", "https://psp.example@evil.example/pay", "http://psp.example/pay",
                "https://psp.example:8443/pay", "//evil.example/pay", "/relative", "", "not a url")) {
            assertFalse(PspSettings.isPage(url, PSP), url);
        }
        assertFalse(PspSettings.isPage(null, PSP));
    }
}
