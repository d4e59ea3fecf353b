package org.reckon.faults.support;

/** What each scenario injected and checked, printed as it happens (and so in the build log). */
public final class Report {

    private Report() {
    }

    public static void line(String format, Object... args) {
        System.out.println("[reckon-faults] " + String.format(java.util.Locale.ROOT, format, args));
        System.out.flush();
    }

    public static void injected(String format, Object... args) {
        line("INJECTED " + format, args);
    }

    public static void checked(String format, Object... args) {
        line("CHECKED  " + format, args);
    }
}
