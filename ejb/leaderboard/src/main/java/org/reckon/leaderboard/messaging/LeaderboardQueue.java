package org.reckon.leaderboard.messaging;

import org.reckon.platform.messaging.ReckonQueue;

/** The leaderboard context's own queues (created with their retry policy by wildfly-config). */
public enum LeaderboardQueue implements ReckonQueue {
    /** Match results from game servers: {@code {"match_id","user_id","points"}}, each counted once. */
    MATCH_RESULTS("MatchResultsQueue");

    private final String queueName;

    LeaderboardQueue(String queueName) {
        this.queueName = queueName;
    }

    @Override
    public String queueName() {
        return queueName;
    }
}
