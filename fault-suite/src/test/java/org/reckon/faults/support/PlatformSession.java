package org.reckon.faults.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the platform when the suite's test run ends, failed or not. */
public class PlatformSession implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Platform.shutdown();
    }
}
