package org.reckon.faults.support;

/** What the scenarios share: the platform, one set of hotels for the load, the invariants, the suite's parameters. */
public final class Scenario {

    public static final int KILLS = Integer.getInteger("reckon.faults.kills", 3);
    public static final int LOAD_SECONDS = Integer.getInteger("reckon.faults.load.seconds", 20);
    public static final int OUTAGE_SECONDS = Integer.getInteger("reckon.faults.outage.seconds", 8);

    private static Fixture fixture;
    private static volatile String current = "platform";

    private Scenario() {
    }

    public static Platform platform() {
        return Platform.get();
    }

    public static synchronized Fixture fixture() {
        if (fixture == null) {
            fixture = Fixture.create(platform());
        }
        return fixture;
    }

    /** The scenario under way (for diagnostics). */
    public static String current() {
        return current;
    }

    public static Invariants invariants() {
        return new Invariants(platform());
    }

    public static void begin(String name, String plan) {
        Load.stopAll();
        WalletLoad.stopAll();
        Platform.unparkReckon();
        current = name;
        Report.line("==== %s", name);
        Report.line("plan: %s", plan);
    }
}
