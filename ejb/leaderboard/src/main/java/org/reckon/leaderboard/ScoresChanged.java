package org.reckon.leaderboard;

/** A CDI event: the board of {@code month} changed in Redis (the page's live updates follow it). */
public record ScoresChanged(String month) {
}
