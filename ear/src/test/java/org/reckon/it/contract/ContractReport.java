package org.reckon.it.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints, at the end of the test run, how many exchanges with {@code /v1} were validated against
 * the served {@code /openapi}, and repeats every mismatch (each also failed its test).
 */
public class ContractReport implements LauncherSessionListener {

    private static final List<String> MISMATCHES = new CopyOnWriteArrayList<>();

    static void record(String mismatch) {
        MISMATCHES.add(mismatch);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (!Exchanges.enabled() || (OpenApiContract.validated() == 0 && MISMATCHES.isEmpty())) {
            return;
        }
        System.out.println("[reckon-it] " + OpenApiContract.validated() + " responses validated against /openapi ("
                + OpenApiContract.requestsValid() + " of their requests valid by it too; the others were refused with a 4xx), "
                + MISMATCHES.size() + " mismatches");
        MISMATCHES.forEach(m -> System.out.println("[reckon-it] " + m));
    }
}
