package org.reckon.it.hotel;

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
 * The booking page end to end, in Debian's headless Chromium driven by Debian's chromedriver
 * (installed by {@code src/test/scripts/install-chromium.sh} before the suite; Selenium is
 * pointed at both binaries and never downloads one). A guest searches, reviews the price
 * breakdown, double-clicks "Complete my booking", pays on the PSP sandbox's hosted card page,
 * comes back to the confirmation, and cancels from "my reservations". The API then proves what
 * the browser cannot: the double click booked once and paid once.
 *
 * <p>Runs as a client: the browser talks to the server over HTTP like any guest.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BookingPageIT {

    static final String SUCCEEDS = "4242424242424242";
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
    void aGuestBooksOnceByDoubleClickPaysOnTheHostedPageAndCancelsForARefund() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String sellerAccount = "it-booking-page-" + suffix;
        JsonObject hotel = createHotel("Booking Page Inn " + suffix, sellerAccount);
        String hotelId = hotel.getString("hotel_id");
        String seller = hotel.getString("seller_account", sellerAccount);
        String roomTypeId = createRoomType(hotelId).getString("room_type_id");
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        LocalDate end = start.plusDays(2);
        String beforeTaxes = availabilityTotal(hotelId, roomTypeId, start, end);
        awaitSearchable(hotel.getString("name"), hotelId, start, end);

        try {
            String reservationId = bookAndPay(hotel.getString("name"), hotelId, roomTypeId, start, end, beforeTaxes);

            JsonObject reservation = theOnlyReservationOfAlice(hotelId);
            assertEquals(reservationId, reservation.getString("reservation_id"));
            assertEquals("PAID", reservation.getString("status"));
            assertPaidOnce(reservation, seller);

            cancelOnMyReservations(reservationId);
            assertEquals("REFUNDED", alice("/v1/reservations/" + reservationId).getString("status"));
            assertEquals(0, balance(seller).signum(), "the refund gave the guest's money back");
        } catch (RuntimeException | AssertionError e) {
            keepEvidence();
            throw e;
        }
    }

    /** Issue 12: "Pay with" offers the guest's wallets; a wallet pays at once, no payment page, once. */
    @Test
    void aGuestPaysFromTheWalletChosenOnThePage() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonObject hotel = createHotel("Wallet Page Inn " + suffix, "it-booking-page-" + suffix);
        String hotelId = hotel.getString("hotel_id");
        String roomTypeId = createRoomType(hotelId).getString("room_type_id");
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(40);
        LocalDate end = start.plusDays(1);
        String wallet = WalletPaidReservationIT.wallet(TestUsers.ALICE, "EUR");
        WalletPaidReservationIT.topUp(TestUsers.ALICE, wallet, "1000.00");
        awaitSearchable(hotel.getString("name"), hotelId, start, end);
        try {
            browser.get(Http.baseUrl() + "/hotels/index.html");
            logIn(TestUsers.ALICE);
            type(By.id("search-q"), hotel.getString("name"));
            setDate("start-date", start);
            setDate("end-date", end);
            type(By.id("rooms"), "1");
            click(By.id("search-button"));
            click(By.cssSelector(".hotel-result[data-hotel-id='" + hotelId + "']"));
            click(By.cssSelector(".room-type[data-room-type-id='" + roomTypeId + "']"));
            type(By.id("guest-name"), "Alice Liddell");
            type(By.id("guest-email"), "alice@example.com");
            click(By.id("review-button"));
            BigDecimal total = amount(text(By.id("breakdown-total")));
            By option = By.cssSelector("#pay-with option[value='" + wallet + "']");
            visible(option);
            ((JavascriptExecutor) browser).executeScript("const s = document.getElementById('pay-with'); s.value = arguments[0];"
                    + " s.dispatchEvent(new Event('change'));", wallet);
            new Actions(browser).doubleClick(visible(By.id("complete-booking"))).perform();
            await("the confirmation page, paid", PAYMENT_WAIT, b -> b.getCurrentUrl().contains("/hotels/reservation.html")
                    && "PAID".equals(visible(By.id("reservation-status")).getDomAttribute("data-status")) ? true : null);
            assertEquals(0, new BigDecimal("1000.00").subtract(total).compareTo(
                    new BigDecimal(WalletPaidReservationIT.balance(TestUsers.ALICE, wallet))), "paid once from the wallet: " + total);
            JsonObject reservation = theOnlyReservationOfAlice(hotelId);
            assertEquals("WALLET", reservation.getJsonObject("payment").getString("method"));
        } catch (RuntimeException | AssertionError e) {
            keepEvidence();
            throw e;
        }
    }

    @Test
    void aStayTheServerRefusesIsExplainedInTheErrorBoxNamingTheField() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonObject hotel = createHotel("Booking Page Lodge " + suffix, "it-booking-page-" + suffix);
        String hotelId = hotel.getString("hotel_id");
        createRoomType(hotelId);
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        awaitSearchable(hotel.getString("name"), hotelId, start, start.plusDays(1));

        try {
            browser.get(Http.baseUrl() + "/hotels/index.html");
            logIn(TestUsers.ALICE);
            type(By.id("search-q"), hotel.getString("name"));
            setDate("start-date", start);
            setDate("end-date", start);
            click(By.id("search-button"));

            // The search refuses the stay, or (searching the catalog) the hotel's availability does.
            By violation = By.cssSelector("#error .violation[data-field='end_date']");
            By result = By.cssSelector(".hotel-result[data-hotel-id='" + hotelId + "']");
            await("a refusal or the hotel", b -> !b.findElements(violation).isEmpty() || !b.findElements(result).isEmpty()
                    ? true : null);
            if (browser.findElements(violation).isEmpty()) {
                click(result);
            }
            assertTrue(text(violation).contains("end_date"), text(violation));
            assertFalse(text(By.cssSelector("#error strong")).isEmpty(), "the problem's title is shown");
            assertTrue(browser.findElements(By.cssSelector(".room-type")).isEmpty(), "no room offered for a refused stay");
        } catch (RuntimeException | AssertionError e) {
            keepEvidence();
            throw e;
        }
    }

    // ---- the browser's journey ------------------------------------------------------------------

    /** Books through index.html with a double click and pays; returns the reservation id. */
    private String bookAndPay(String hotelName, String hotelId, String roomTypeId, LocalDate start, LocalDate end,
                              String beforeTaxes) {
        browser.get(Http.baseUrl() + "/hotels/index.html");
        logIn(TestUsers.ALICE);

        type(By.id("search-q"), hotelName);
        setDate("start-date", start);
        setDate("end-date", end);
        type(By.id("rooms"), "1");
        click(By.id("search-button"));
        click(By.cssSelector(".hotel-result[data-hotel-id='" + hotelId + "']"));
        click(By.cssSelector(".room-type[data-room-type-id='" + roomTypeId + "']"));

        type(By.id("guest-name"), "Alice Liddell");
        type(By.id("guest-email"), "alice@example.com");
        click(By.id("review-button"));
        String total = text(By.id("breakdown-total"));
        assertEquals(2, browser.findElements(By.cssSelector("#breakdown-nights tr")).size(), "one row per night");
        assertEquals(0, new BigDecimal(beforeTaxes).compareTo(amount(text(By.id("breakdown-subtotal")))),
                "the subtotal is the stay's price before taxes, " + beforeTaxes);
        assertTrue(amount(total).compareTo(new BigDecimal(beforeTaxes)) > 0, "taxes and fees come on top: " + total);

        WebElement complete = visible(By.id("complete-booking"));
        new Actions(browser).doubleClick(complete).perform();

        await("the PSP's hosted card page", PAYMENT_WAIT,
                b -> b.getCurrentUrl().contains("/psp-sandbox/pay/") ? true : null);
        type(By.name("card_number"), SUCCEEDS);
        type(By.name("holder"), "Alice Liddell");
        type(By.name("expiry"), YearMonth.now(ZoneOffset.UTC).plusYears(3).format(DateTimeFormatter.ofPattern("MM/yy")));
        type(By.name("cvv"), "123");
        click(By.cssSelector("form button[type='submit']"));

        await("the way back to the confirmation page", b -> b.getCurrentUrl().contains("/hotels/reservation.html") ? true : null);
        await("the payment's outcome on the confirmation page", PAYMENT_WAIT,
                b -> "PAID".equals(visible(By.id("reservation-status")).getDomAttribute("data-status")) ? true : null);
        assertEquals("Confirmed", text(By.id("reservation-status")));
        assertEquals(0, amount(total).compareTo(amount(text(By.id("reservation-total")))),
                "the confirmation shows the reviewed total " + total);
        return text(By.id("reservation-id"));
    }

    private void cancelOnMyReservations(String reservationId) {
        browser.get(Http.baseUrl() + "/hotels/my.html");
        By row = By.cssSelector(".my-reservation[data-reservation-id='" + reservationId + "']");
        By status = By.cssSelector(".my-reservation[data-reservation-id='" + reservationId + "'] .reservation-status");
        assertEquals("PAID", visible(status).getDomAttribute("data-status"));
        click(By.cssSelector(".my-reservation[data-reservation-id='" + reservationId + "'] .cancel-button"));
        new WebDriverWait(browser, PAGE_WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        await("the refund", PAYMENT_WAIT,
                b -> "REFUNDED".equals(visible(status).getDomAttribute("data-status")) ? true : null);
        assertTrue(browser.findElements(By.cssSelector(".my-reservation[data-reservation-id='" + reservationId
                + "'] .cancel-button")).isEmpty(), "a refunded reservation offers no cancel");
        assertEquals(1, browser.findElements(row).size());
    }

    private void logIn(TestUsers user) {
        type(By.id("username"), user.user);
        type(By.id("password"), user.password);
        click(By.id("login-button"));
        await("the login", b -> user.user.equals(text(By.id("whoami"))) ? true : null);
        // issue 11: the page logged in once and keeps a bearer token, never the password
        String kept = (String) ((JavascriptExecutor) browser).executeScript(
                "return Object.keys(sessionStorage).map(k => sessionStorage.getItem(k)).join('\\n');");
        String basic = java.util.Base64.getEncoder().encodeToString((user.user + ":" + user.password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(!kept.contains(user.password) && !kept.contains(basic), "the password is not kept: " + kept);
        assertTrue(kept.lines().anyMatch(v -> v.split("\\.").length == 3), "a JWT is kept: " + kept);
    }

    // ---- arrangement and proof through the API -----------------------------------------------------

    private static JsonObject createHotel(String name, String sellerAccount) {
        return staffPost("/v1/hotels", """
                {"name":"%s","city":"Porto","address":"1 Rua das Flores","amenities":["wifi","breakfast"],
                 "currency":"EUR","seller_account":"%s","overbooking_percent":"10","tax_percent":"10",
                 "service_fee":"5.00","occupancy_multipliers":[]}""".formatted(name, sellerAccount));
    }

    private static JsonObject createRoomType(String hotelId) {
        return staffPost("/v1/hotels/" + hotelId + "/room-types", """
                {"name":"Garden double","description":"Two guests, garden view","max_occupancy":2,
                 "room_numbers":["101","102","103"],"base_rate":"120.00"}""");
    }

    /** The room type's price for the stay before taxes, as the availability API quotes it. */
    private static String availabilityTotal(String hotelId, String roomTypeId, LocalDate start, LocalDate end) {
        HttpResponse<String> r = Http.get("/v1/hotels/" + hotelId + "/availability?start_date=" + start
                + "&end_date=" + end + "&rooms=1");
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body()).getJsonArray("room_types").getValuesAs(JsonObject.class).stream()
                .filter(t -> roomTypeId.equals(t.getString("room_type_id")))
                .findFirst().orElseThrow(() -> new AssertionError("room type not available: " + r.body()))
                .getString("total");
    }

    /**
     * The index is fed from a queue after the commit: wait until the search finds the new hotel.
     * Where the search answers 404 or 503 the page searches the catalog instead, which is current.
     */
    private static void awaitSearchable(String name, String hotelId, LocalDate start, LocalDate end) {
        String path = "/v1/hotels/search?q=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&start_date=" + start
                + "&end_date=" + end + "&rooms=1";
        Awaitility.await("hotel " + hotelId + " searchable").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> Http.get(path),
                        r -> r.statusCode() == 404 || r.statusCode() == 503
                                || r.statusCode() == 200 && r.body().contains("\"" + hotelId + "\""));
    }

    private static JsonObject theOnlyReservationOfAlice(String hotelId) {
        List<JsonObject> atThisHotel = alice("/v1/reservations").getJsonArray("items").getValuesAs(JsonObject.class)
                .stream().filter(r -> hotelId.equals(r.getString("hotel_id"))).toList();
        assertEquals(1, atThisHotel.size(), "the double click booked once: " + atThisHotel);
        return atThisHotel.get(0);
    }

    /** One payment order in the reservation's checkout, captured once, and no other left open for the hotel. */
    private static void assertPaidOnce(JsonObject reservation, String seller) {
        String checkoutId = reservation.getJsonObject("payment").getString("checkout_id");
        JsonArray orders = staff("/v1/payments?checkout_id=" + URLEncoder.encode(checkoutId, StandardCharsets.UTF_8))
                .getJsonArray("payment_orders");
        assertEquals(1, orders.size(), orders.toString());
        assertEquals("SUCCESS", orders.getJsonObject(0).getString("status"));
        assertEquals(0, new BigDecimal(reservation.getString("total")).compareTo(balance(seller)),
                "the hotel's wallet received the total once");
        HttpResponse<String> open = Http.send(Http.as(Http.request("/v1/admin/payments/stuck?older_than=PT0S&max=1000"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        assertEquals(200, open.statusCode(), open.body());
        assertFalse(open.body().contains("\"" + seller + "\""), "no second payment waits for the hotel: " + open.body());
    }

    private static BigDecimal balance(String seller) {
        JsonArray balances = staff("/v1/wallets/" + seller).getJsonArray("balances");
        return balances.isEmpty() ? BigDecimal.ZERO : new BigDecimal(balances.getJsonObject(0).getString("balance"));
    }

    private static JsonObject alice(String path) {
        return get(path, TestUsers.ALICE);
    }

    private static JsonObject staff(String path) {
        return get(path, TestUsers.STAFF);
    }

    private static JsonObject get(String path, TestUsers user) {
        HttpResponse<String> r = Http.send(Http.as(Http.request(path), user.user, user.password).GET());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.object(r.body());
    }

    private static JsonObject staffPost(String path, String json) {
        HttpResponse<String> r = Http.send(Http.as(Http.request(path), TestUsers.STAFF.user, TestUsers.STAFF.password)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertEquals(201, r.statusCode(), path + ": " + r.body());
        return Json.object(r.body());
    }

    // ---- browser helpers -------------------------------------------------------------------------

    private <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, PAGE_WAIT, condition);
    }

    /** Waits for a non-null answer; a timeout names what was awaited, where, and the page's error box. */
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

    private void click(By locator) {
        await(locator + " to be clickable", b -> ExpectedConditions.elementToBeClickable(locator).apply(b)).click();
    }

    private void type(By locator, String text) {
        WebElement field = visible(locator);
        field.clear();
        field.sendKeys(text);
    }

    /** Date inputs take keystrokes in the browser's locale format; their value is always ISO. */
    private void setDate(String id, LocalDate date) {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                visible(By.id(id)), date.toString());
    }

    private String text(By locator) {
        return visible(locator).getText().trim();
    }

    /** The amount of a money text the page shows, "269.00 EUR". */
    private static BigDecimal amount(String money) {
        assertTrue(money.matches("\\d+(\\.\\d+)? [A-Z]{3}.*"), "amount and currency: " + money);
        return new BigDecimal(money.substring(0, money.indexOf(' ')));
    }

    private String errorBox() {
        try {
            List<WebElement> box = browser.findElements(By.id("error"));
            return box.isEmpty() ? "(none)" : "'" + box.get(0).getText() + "'";
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** A failed run leaves a screenshot and the page's HTML in target/booking-page-it/. */
    private void keepEvidence() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "booking-page-it"));
            Files.write(dir.resolve("failure.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve("failure.html"), "<!-- " + browser.getCurrentUrl() + " -->\n"
                    + browser.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("BookingPageIT: could not keep the failure's evidence: " + e);
        }
    }
}
