package org.reckon.leaderboard.domain;

import org.reckon.shared.ProblemCode;

/** The leaderboard context's own problem codes, beside the platform's generic ones. */
public enum LeaderboardError implements ProblemCode {
    UNKNOWN_PLAYER(404, "No such player"),
    NOT_ON_BOARD(404, "The player has no score this month"),
    LEADERBOARD_UNAVAILABLE(503, "The leaderboard (Redis) is unavailable");

    private final int status;
    private final String title;

    LeaderboardError(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
