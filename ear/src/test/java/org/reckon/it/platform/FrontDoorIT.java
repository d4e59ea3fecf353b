package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;

/**
 * The front door: {@code /} is a landing page linking everything a newcomer needs, the API docs
 * are Swagger UI served by the server itself, and every URL that the run banner (run.sh) and the
 * README print for copying answers 200 on this server, the README's and banner's host and ports
 * being mapped to the test server's.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FrontDoorIT {

    /** A URL a reader copies: the dev server's host and port, then a path. */
    private static final Pattern README_URL = Pattern.compile("http://localhost:(8080|9990)(/[^\\s'\"`)*]*)?");
    private static final Pattern BANNER_URL = Pattern.compile("http://localhost:(\\$http_port|9990)(/[^\\s'\"`)*]*)?");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String managementUrl() {
        return "http://127.0.0.1:" + System.getProperty("reckon.test.management.port", "10090");
    }

    private static HttpResponse<String> get(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void theRootIsALandingPageLinkingBookingDocsSandboxHealthAndMetrics() {
        HttpResponse<String> page = Http.get("/");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(contentType(page).startsWith("text/html"), contentType(page));
        for (String link : List.of("href=\"/hotels/\"", "href=\"/api-docs/\"", "href=\"/openapi\"", "href=\"/psp-sandbox/\"",
                "href=\"/health/ready\"", "href=\"/health/live\"", "id=\"link-metrics\"", "src=\"front-door.js\"")) {
            assertTrue(page.body().contains(link), "the landing page has " + link);
        }
        assertFalse(page.body().contains("innerHTML"), "the page sets no HTML from data");
        for (String asset : List.of("/front-door.js", "/front-door.css")) {
            HttpResponse<String> r = Http.get(asset);
            assertEquals(200, r.statusCode(), asset);
        }
        assertFalse(Http.get("/front-door.js").body().contains("innerHTML"), "front-door.js sets no HTML from data");
    }

    @Test
    void theLandingPageLearnsThatTheSandboxIsDeployedAndWhereMetricsAre() {
        HttpResponse<String> r = Http.get("/front-door");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(contentType(r).startsWith("application/json"), contentType(r));
        JsonObject links = Json.object(r.body());
        assertEquals("/psp-sandbox/", links.getString("psp_sandbox"), "the test server deploys the sandbox: " + links);
        assertEquals(Integer.parseInt(System.getProperty("reckon.test.management.port", "10090")), links.getInt("management_port"));
        HttpResponse<String> metrics = get(managementUrl() + links.getString("metrics_path"));
        assertEquals(200, metrics.statusCode(), "the metrics link works");
        assertTrue(metrics.body().contains("# TYPE"), "Prometheus text format");
        assertEquals(200, Http.get(links.getString("psp_sandbox")).statusCode(), "the sandbox link works");
    }

    @Test
    void theApiDocsAreSwaggerUiServedByTheServerOnItsOwnOpenApi() {
        HttpResponse<String> page = Http.get("/api-docs/");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(contentType(page).startsWith("text/html"), contentType(page));
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page.body()).find(), "no CDN: " + page.body());
        for (String script : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-initializer.js")) {
            assertTrue(page.body().contains("src=\"" + script + "\""), script);
        }
        HttpResponse<String> bundle = Http.get("/api-docs/swagger-ui-bundle.js");
        assertEquals(200, bundle.statusCode());
        assertTrue(contentType(bundle).contains("javascript"), contentType(bundle));
        assertTrue(bundle.body().length() > 500_000 && bundle.body().contains("SwaggerUIBundle"), "the real bundle");
        assertEquals(200, Http.get("/api-docs/swagger-ui-standalone-preset.js").statusCode());
        HttpResponse<String> css = Http.get("/api-docs/swagger-ui.css");
        assertEquals(200, css.statusCode());
        assertTrue(contentType(css).startsWith("text/css"), contentType(css));
        String initializer = Http.get("/api-docs/swagger-initializer.js").body();
        assertTrue(initializer.contains("url: '/openapi'"), "pointed at this server's document: " + initializer);
        assertFalse(initializer.contains("petstore"), "not the webjar's demo");
        assertTrue(initializer.contains("validatorUrl: null"), "no call to validator.swagger.io");
        HttpResponse<String> openapi = Http.get("/openapi");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/v1/hotels"), "the document the UI shows describes the API");
    }

    @Test
    void everyUrlTheBannerAndTheReadmePrintAnswers200() throws IOException {
        Set<String> urls = new LinkedHashSet<>();
        String banner = Files.readString(Path.of(System.getProperty("reckon.run.script")));
        banner = banner.substring(banner.indexOf("sandbox_line=\"\"")); // the banner, from its optional line on
        collect(BANNER_URL, banner, urls);
        for (String command : commands(Files.readAllLines(Path.of(System.getProperty("reckon.readme"))))) {
            // requests with a body, a method or dev-only credentials are checked by hand against -Prun
            if (!command.contains(" -u ") && !command.contains(" -d ") && !command.contains(" -X ")) {
                collect(README_URL, command, urls);
            }
        }
        assertTrue(urls.size() >= 10, "found the examples: " + urls);

        List<String> failures = new ArrayList<>();
        for (String url : urls) {
            HttpResponse<String> r = get(url);
            if (r.statusCode() != 200) {
                failures.add(url + " answered " + r.statusCode() + ": "
                        + r.body().substring(0, Math.min(200, r.body().length())));
            }
        }
        assertEquals(List.of(), failures, "checked " + urls);
    }

    /**
     * The README's lines, a shell command of a code block being one entry however many lines it
     * spans (a trailing backslash, or a quoted JSON body that goes on).
     */
    private static List<String> commands(List<String> lines) {
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        boolean code = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            command.append(line).append('\n');
            boolean open = code && (line.endsWith("\\") || command.chars().filter(c -> c == '\'').count() % 2 == 1);
            if (!open) {
                commands.add(command.toString());
                command.setLength(0);
            }
        }
        commands.add(command.toString());
        return commands;
    }

    /** The URLs in text, on the test server: 8080 (or $http_port) is the HTTP port, 9990 the management port. */
    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String path = m.group(2) == null ? "/" : m.group(2);
            if (path.contains("$") || path.contains("...") || path.contains("…") || path.contains("{")) {
                continue; // a template, not a URL to copy
            }
            into.add((m.group(1).equals("9990") ? managementUrl() : Http.baseUrl()) + path);
        }
    }
}
