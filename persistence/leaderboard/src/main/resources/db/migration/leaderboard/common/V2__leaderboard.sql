-- The leaderboard's durable record; Redis holds only a projection of player_score.
-- player: who may score, and the name the boards show (read through a cache, never joined per read).
CREATE TABLE player (
    user_id    VARCHAR(64)  NOT NULL,
    user_name  VARCHAR(100) NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_player PRIMARY KEY (user_id)
);

-- One row per player and season, a month (YYYY-MM, UTC; "month" is a reserved word in H2): the score and when it was reached; reached_at
-- breaks ties (whoever reached the score first is listed first).
CREATE TABLE player_score (
    season      VARCHAR(7)   NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    score       BIGINT       NOT NULL,
    reached_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_player_score PRIMARY KEY (season, user_id),
    CONSTRAINT fk_player_score_player FOREIGN KEY (user_id) REFERENCES player (user_id)
);
CREATE INDEX ix_player_score_reached ON player_score (reached_at);

-- Every match result applied, once (its match_id is also the inbox entry of its message).
CREATE TABLE match_result (
    match_id    VARCHAR(100) NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    season      VARCHAR(7)   NOT NULL,
    points      BIGINT       NOT NULL,
    source      VARCHAR(10)  NOT NULL,
    recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_match_result PRIMARY KEY (match_id),
    CONSTRAINT fk_match_result_player FOREIGN KEY (user_id) REFERENCES player (user_id)
);
