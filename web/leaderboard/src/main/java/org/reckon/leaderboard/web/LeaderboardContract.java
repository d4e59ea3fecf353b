package org.reckon.leaderboard.web;

import java.util.List;
import org.reckon.leaderboard.domain.LeaderboardError;
import org.reckon.platform.contract.ContractContribution;
import org.reckon.shared.ProblemCode;

/** The leaderboard context's part of /openapi: its problem codes. */
public final class LeaderboardContract implements ContractContribution {

    @Override
    public List<ProblemCode> problemCodes() {
        return List.of(LeaderboardError.values());
    }
}
