package org.reckon.pspsandbox.api;

import java.net.URI;
import java.net.URISyntaxException;
import org.reckon.pspsandbox.problem.Violations;

/** Checks URLs the sandbox will call or redirect to: absolute http(s) with a host. */
final class Urls {

    static final int MAX_LENGTH = 2048;

    private Urls() {
    }

    static void check(String field, String value, boolean required, Violations violations) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(field, "is required");
            }
            return;
        }
        try {
            URI uri = new URI(value);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (value.length() > MAX_LENGTH || !http || uri.getHost() == null) {
                violations.add(field, "must be an absolute http or https URL of at most " + MAX_LENGTH + " characters");
            }
        } catch (URISyntaxException e) {
            violations.add(field, "is not a valid URL");
        }
    }
}
