package org.reckon.it.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.reckon.it.support.HeadlessChromium;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * The wallet page end to end in Debian's headless Chromium (as {@code BookingPageIT}): bob opens a
 * wallet, tops it up by card on the PSP sandbox's hosted page, comes back to see the balance
 * credited, sends money to alice's wallet with the book's balance transfer, and reads the
 * history. The API then proves the money moved once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WalletPageIT {

    static final Duration PAGE_WAIT = Duration.ofSeconds(20);
    static final Duration PAYMENT_WAIT = Duration.ofSeconds(90);

    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aUserOpensAWalletTopsItUpByCardSendsMoneyAndReadsTheHistory() {
        String alices = Json.object(Http.send(Http.as(Http.request("/v1/wallet/accounts"), TestUsers.ALICE.user,
                TestUsers.ALICE.password).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"EUR\"}"))).body()).getString("account_id");
        try {
            browser.get(Http.baseUrl() + "/wallet/index.html");
            type(By.id("username"), TestUsers.BOB.user);
            type(By.id("password"), TestUsers.BOB.password);
            click(By.id("login-button"));
            await("the login", b -> TestUsers.BOB.user.equals(text(By.id("whoami"))) ? true : null);

            click(By.id("open-button"));
            String notice = await("the new wallet", b -> text(By.id("wallet-notice")).startsWith("Wallet ") ? text(By.id("wallet-notice")) : null);
            String wallet = notice.split(" ")[1];
            By balance = By.cssSelector("#wallet-rows tr[data-account='" + wallet + "'] .balance");
            assertEquals("0.00 EUR", text(balance));

            type(By.id("topup-amount"), "50.00");
            click(By.id("topup-button"));
            await("the PSP's hosted card page", PAYMENT_WAIT, b -> b.getCurrentUrl().contains("/psp-sandbox/pay/") ? true : null);
            type(By.name("card_number"), "4242424242424242");
            type(By.name("holder"), "Bob");
            type(By.name("expiry"), YearMonth.now(ZoneOffset.UTC).plusYears(3).format(DateTimeFormatter.ofPattern("MM/yy")));
            type(By.name("cvv"), "123");
            click(By.cssSelector("form button[type='submit']"));
            await("the way back to the wallet page", PAYMENT_WAIT, b -> b.getCurrentUrl().contains("/wallet/") ? true : null);
            await("the top-up credited", PAYMENT_WAIT, b -> {
                if ("50.00 EUR".equals(textOrNull(balance))) {
                    return true;
                }
                b.navigate().refresh();
                return null;
            });

            type(By.id("send-to"), alices);
            type(By.id("send-amount"), "12.50");
            click(By.id("send-button"));
            await("the transfer's notice", b -> text(By.id("wallet-notice")).startsWith("Sent 12.50 EUR (success") ? true : null);
            await("the new balance", b -> "37.50 EUR".equals(textOrNull(balance)) ? true : null);
            await("the history: the top-up and the transfer", PAGE_WAIT, b -> {
                if (b.findElements(By.cssSelector("#history-rows tr")).size() == 2) {
                    return true;
                }
                b.navigate().refresh();
                return null;
            });
            assertTrue(text(By.id("history-rows")).contains("-12.50 EUR"), text(By.id("history-rows")));
            assertTrue(text(By.id("history-rows")).contains("+50.00 EUR"), text(By.id("history-rows")));
        } catch (AssertionError | RuntimeException e) {
            keepEvidence();
            throw e;
        }
        JsonObject alice = Json.object(Http.send(Http.as(Http.request("/v1/wallet/accounts/" + alices), TestUsers.ALICE.user,
                TestUsers.ALICE.password).GET()).body());
        assertEquals("12.50", alice.getString("balance"), "the money moved once");
    }

    private <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, PAGE_WAIT, condition);
    }

    private <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, timeout).ignoring(StaleElementReferenceException.class)
                    .until(condition::apply);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + " at "
                    + browser.getCurrentUrl() + "; error box: " + errorBox(), e);
        }
    }

    private WebElement visible(By locator) {
        return await(locator.toString(), b -> {
            List<WebElement> found = b.findElements(locator);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }

    private String textOrNull(By locator) {
        List<WebElement> found = browser.findElements(locator);
        return found.isEmpty() ? null : found.get(0).getText().trim();
    }

    private void click(By locator) {
        await(locator + " to be clickable", b -> ExpectedConditions.elementToBeClickable(locator).apply(b)).click();
    }

    private void type(By locator, String text) {
        WebElement field = visible(locator);
        field.clear();
        field.sendKeys(text);
    }

    private String text(By locator) {
        return visible(locator).getText().trim();
    }

    private String errorBox() {
        try {
            List<WebElement> box = browser.findElements(By.id("error"));
            return box.isEmpty() ? "(none)" : "'" + box.get(0).getText() + "'";
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** A failed run leaves a screenshot and the page's HTML in target/wallet-page-it/. */
    private void keepEvidence() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "wallet-page-it"));
            Files.write(dir.resolve("failure.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve("failure.html"), "<!-- " + browser.getCurrentUrl() + " -->\n"
                    + browser.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("WalletPageIT: could not keep the failure's evidence: " + e);
        }
    }
}
