package org.reckon.leaderboard.redis.sharding;

import java.util.List;
import org.reckon.leaderboard.redis.RedisBoards;

/**
 * One month's board spread over several sorted sets (chapter 10, "Data sharding"), each on its own
 * hash slot so a Redis Cluster places them on different masters. Two ways: {@link ScoreRangeBoard}
 * (fixed partitions by score range) and {@link HashBoard} (hash partitions, scatter-gather).
 * Both answer exactly what {@link RedisBoards} answers on one sorted set.
 */
public interface ShardedBoard {

    /** Sets a player's score (points) and key ({@link org.reckon.leaderboard.domain.RankKey}); the key only grows. */
    void put(String userId, long score, double rankKey);

    /** Many at once, pipelined per shard (loading a board for the benchmark). */
    void putAll(List<Entry> entries);

    List<RedisBoards.Ranked> top(int n);

    /** The player with up to {@code around} players above and below. */
    List<RedisBoards.Ranked> around(String userId, int around);

    long count();

    void drop();

    record Entry(String userId, long score, double rankKey) {
    }
}
