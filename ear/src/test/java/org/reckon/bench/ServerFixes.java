package org.reckon.bench;

import java.util.List;

/**
 * Turns issue 15's runtime-switchable fixes off and on again through the server's CLI (local
 * authentication, the test management port), so that a benchmark measures before and after in the
 * same run, on the same server: the verified-password cache of Basic (its kill switch, the system
 * property {@value #CACHE_SWITCH}{@code =off}) and the named JSON-P provider (the system property
 * {@code jakarta.json.provider}, removed). Both are plain system properties, read on every use.
 * The server starts with both on.
 */
final class ServerFixes {

    static final String CACHE_SWITCH = "reckon.security.verified-password-cache";
    private static Boolean on;

    private ServerFixes() {
    }

    static void set(boolean wanted) throws Exception {
        if ((on == null && wanted) || (on != null && on == wanted)) {
            return;
        }
        String commands = wanted
                ? "/system-property=" + CACHE_SWITCH + ":remove,/system-property=jakarta.json.provider:add(value=org.eclipse.parsson.JsonProviderImpl)"
                : "/system-property=" + CACHE_SWITCH + ":add(value=off),/system-property=jakarta.json.provider:remove";
        String out = RequestPathBenchmark.exec(List.of(System.getProperty("jboss.home") + "/bin/jboss-cli.sh", "--connect",
                "--controller=127.0.0.1:" + System.getProperty("reckon.test.management.port", "10090"), "--commands=" + commands), 120);
        if (!out.contains("\"outcome\" => \"success\"") || out.contains("\"outcome\" => \"failed\"")) {
            throw new IllegalStateException("switching the fixes " + (wanted ? "on" : "off") + ":\n" + out);
        }
        on = wanted;
        System.out.println("issue 15 fixes " + (wanted ? "on" : "off"));
    }
}
