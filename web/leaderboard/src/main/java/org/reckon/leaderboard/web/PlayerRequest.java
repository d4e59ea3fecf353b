package org.reckon.leaderboard.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code PUT /v1/players/{user_id}}: the name the boards show. */
public record PlayerRequest(@NotBlank @Size(max = 100) String userName) {
}
