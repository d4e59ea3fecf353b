package org.reckon.it.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reckon.it.leaderboard.LeaderboardIT.match;
import static org.reckon.it.leaderboard.LeaderboardIT.player;
import static org.reckon.it.leaderboard.LeaderboardIT.post;

import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.reckon.it.support.HeadlessChromium;
import org.reckon.it.support.Http;

/**
 * The leaderboard page in Debian's headless Chromium (as {@code BookingPageIT}): it shows the top
 * 10 and a player's rank with neighbours, and when the game server posts a score that overtakes
 * the player, the page changes by itself (Server-Sent Events; the page has no timer and is not
 * reloaded).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LeaderboardPageIT {


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

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private List<String> aroundIds() {
        return browser.findElements(By.cssSelector("#around tbody tr")).stream()
                .map(r -> r.getAttribute("data-user-id")).toList();
    }

    @Test
    void thePageShowsMyRankAndFollowsTheBoardLive() {
        String eve = player("Eve Page");
        String fay = player("Fay Page");
        post(match(), eve, 500, 201);
        post(match(), fay, 400, 201);

        browser.get(Http.baseUrl() + "/leaderboard/?user_id=" + eve);
        // the page replaces its table rows on every event: a row found by one call can be gone by the
        // next (a StaleElementReferenceException in CI), so a wait reads again instead of failing
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(b -> "live".equals(b.findElement(By.id("live")).getText()));
        wait.until(b -> aroundIds().contains(fay) && aroundIds().indexOf(fay) > aroundIds().indexOf(eve));
        long rankBefore = Long.parseLong(text("my-rank"));
        assertEquals(eve, wait.until(b -> b.findElement(By.cssSelector("#around tbody tr.me")).getAttribute("data-user-id")));
        assertEquals("500", text("my-score"));

        // fay overtakes eve: the page moves her above, with no reload and no timer
        post(match(), fay, 200, 201);
        wait.until(b -> aroundIds().indexOf(fay) >= 0 && aroundIds().indexOf(fay) < aroundIds().indexOf(eve));
        assertEquals(rankBefore + 1, Long.parseLong(text("my-rank")), "eve moved one place down");
        Object marker = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return window.performance.getEntriesByType('navigation').length");
        assertEquals(1L, marker, "one page load");
    }
}
