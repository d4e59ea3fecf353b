package org.reckon.leaderboard.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /v1/scores}: a match won by a player, worth {@code points} (1 to 1,000). */
public record ScoreRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String matchId,
        @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String userId,
        @NotNull @Min(1) @Max(1000) Long points) {
}
