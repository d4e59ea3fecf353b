package org.reckon.it.support;

/** Identities seeded by wildfly-config's users-test.cli (test environment only). */
public enum TestUsers {
    ADMIN("it-admin", "it-admin-pw"),
    STAFF("it-staff", "it-staff-pw"),
    ALICE("it-alice", "it-alice-pw"),
    BOB("it-bob", "it-bob-pw"),
    /** leaderboard: a game server (role game), the only caller that may post scores */
    GAME("game", "game");

    public final String user;
    public final String password;

    TestUsers(String user, String password) {
        this.user = user;
        this.password = password;
    }
}
