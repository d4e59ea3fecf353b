package org.reckon.it.contract;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints, at the end of the test run, how many exchanges with {@code /v1} were validated against
 * the served {@code /openapi}, and repeats every mismatch (each also failed its test).
 */
public class ContractReport implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (!Exchanges.enabled() || (OpenApiContract.validated() == 0 && OpenApiContract.mismatches().isEmpty())) {
            return;
        }
        System.out.println("[reckon-it] " + OpenApiContract.validated() + " responses validated against /openapi ("
                + OpenApiContract.requestsValid() + " of their requests valid by it too; the others were refused with a 4xx), "
                + OpenApiContract.mismatches().size() + " mismatches");
        OpenApiContract.mismatches().forEach(m -> System.out.println("[reckon-it] " + m));
    }
}
