package org.reckon.leaderboard.domain;

import org.reckon.platform.database.ReckonDatabase;

/** The leaderboard context's database, declared to the platform (schema migration, readiness checks). */
public final class LeaderboardDatabase implements ReckonDatabase {

    public static final String KEY = "leaderboard";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String dataSourceJndi() {
        return "java:jboss/datasources/LeaderboardDS";
    }

    @Override
    public String entityManagerFactoryJndi() {
        return "java:/reckon/LeaderboardEntityManagerFactory";
    }
}
