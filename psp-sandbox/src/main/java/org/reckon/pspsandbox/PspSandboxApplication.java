package org.reckon.pspsandbox;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * JAX-RS owns the whole context root: the JSON API under {@code /api/v1}, the hosted card page
 * under {@code /pay}, and the index page at {@code /}. Generating the HTML pages in code (not
 * static files) keeps the test-card list and fault defaults in one place, the Java tables.
 */
@ApplicationPath("/")
public class PspSandboxApplication extends Application {
}
