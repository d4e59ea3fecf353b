package org.reckon.leaderboard.redis.sharding;

import java.util.ArrayList;
import java.util.List;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.leaderboard.redis.SortedSets;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * Fixed partitions by score range (the chapter's choice): shard i holds the players whose score is
 * in {@code [bounds[i], bounds[i+1])}. The application keeps where each player is (a hash,
 * {@code user_id -> shard}, the chapter's "secondary cache") and moves a player up when their
 * score crosses a bound (ZREM, ZADD, HSET). Top k: the highest shards, from the top, until k. A
 * shared rank: 1 + the players of every higher shard (ZCARD each) + those of the own shard with
 * a higher score. Neighbours: within the own shard, topped up from the adjacent shards at the edges.
 */
public final class ScoreRangeBoard implements ShardedBoard {

    private static final ZAddParams GT = ZAddParams.zAddParams().gt();

    private final UnifiedJedis redis;
    private final long[] bounds;
    private final String[] keys;
    private final String where;

    /** {@code bounds[0]} must be 0; the last shard is open-ended. */
    public ScoreRangeBoard(UnifiedJedis redis, String name, long[] bounds) {
        this.redis = redis;
        this.bounds = bounds.clone();
        this.keys = new String[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            keys[i] = "{" + name + ":r" + i + "}";
        }
        this.where = "{" + name + ":where}";
    }

    int shardOf(long score) {
        int shard = 0;
        while (shard + 1 < bounds.length && score >= bounds[shard + 1]) {
            shard++;
        }
        return shard;
    }

    /**
     * Sets a player's key; a player only ever moves up: a key for a lower partition than the one
     * the player is in (a late projection, a replay, a rebuild beside live updates) is older than
     * what the board holds and changes nothing, as ZADD GT does on one sorted set.
     */
    @Override
    public void put(String userId, long score, double rankKey) {
        int shard = shardOf(score);
        String was = redis.hget(where, userId);
        if (was != null && Integer.parseInt(was) > shard) {
            return;
        }
        if (was != null && Integer.parseInt(was) != shard) {
            redis.zrem(keys[Integer.parseInt(was)], userId);
        }
        redis.zadd(keys[shard], rankKey, userId, GT);
        if (was == null || Integer.parseInt(was) != shard) {
            redis.hset(where, userId, Integer.toString(shard));
        }
    }

    /**
     * Many players, who may be on the board already (the production path's rebuild, catch-up and
     * group commit): where each is, in one pipelined HMGET, then the moves and writes in one
     * pipeline, with {@link #put}'s rule (a player only moves up).
     */
    public void merge(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        String[] ids = entries.stream().map(Entry::userId).toArray(String[]::new);
        List<String> was = redis.hmget(where, ids);
        java.util.Map<String, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (was.get(i) != null) {
                at.put(ids[i], Integer.parseInt(was.get(i)));
            }
        }
        try (AbstractPipeline p = redis.pipelined()) {
            for (Entry e : entries) {
                int shard = shardOf(e.score());
                Integer before = at.get(e.userId());
                if (before != null && before > shard) {
                    continue;
                }
                if (before != null && before != shard) {
                    p.zrem(keys[before], e.userId());
                }
                p.zadd(keys[shard], e.rankKey(), e.userId(), GT);
                if (before == null || before != shard) {
                    p.hset(where, e.userId(), Integer.toString(shard));
                    at.put(e.userId(), shard);
                }
            }
            p.sync();
        }
    }

    /** Loads players that are not on the board yet (the benchmark's bulk load). */
    @Override
    public void putAll(List<Entry> entries) {
        try (AbstractPipeline p = redis.pipelined()) {
            for (Entry e : entries) {
                int shard = shardOf(e.score());
                p.zadd(keys[shard], e.rankKey(), e.userId(), GT);
                p.hset(where, e.userId(), Integer.toString(shard));
            }
            p.sync();
        }
    }

    @Override
    public List<RedisBoards.Ranked> top(int n) {
        List<Tuple> top = new ArrayList<>();
        for (int shard = keys.length - 1; shard >= 0 && top.size() < n; shard--) {
            top.addAll(redis.zrevrangeWithScores(keys[shard], 0, n - top.size() - 1L));
        }
        return SortedSets.ranked(top, 0, 1);
    }

    @Override
    public List<RedisBoards.Ranked> around(String userId, int around) {
        String at = redis.hget(where, userId);
        if (at == null) {
            return List.of();
        }
        int shard = Integer.parseInt(at);
        Double key = redis.zscore(keys[shard], userId);
        if (key == null) {
            return List.of();
        }
        long higherShards = 0;
        for (int s = shard + 1; s < keys.length; s++) {
            higherShards += redis.zcard(keys[s]);
        }
        long position = higherShards + redis.zcount(keys[shard], "(" + key, "+inf");
        // above: nearest first (ascending keys), from this shard then the ones above it
        List<Tuple> above = new ArrayList<>(redis.zrangeByScoreWithScores(keys[shard], "(" + key, "+inf", 0, around));
        for (int s = shard + 1; s < keys.length && above.size() < around; s++) {
            above.addAll(redis.zrangeWithScores(keys[s], 0, around - above.size() - 1L));
        }
        List<Tuple> below = new ArrayList<>(redis.zrevrangeByScoreWithScores(keys[shard], "(" + key, "-inf", 0, around));
        for (int s = shard - 1; s >= 0 && below.size() < around; s--) {
            below.addAll(redis.zrevrangeWithScores(keys[s], 0, around - below.size() - 1L));
        }
        List<Tuple> window = new ArrayList<>(around * 2 + 1);
        for (int i = above.size() - 1; i >= 0; i--) {
            window.add(above.get(i));
        }
        window.add(new Tuple(userId, key));
        window.addAll(below);
        long firstScore = RankKey.score(window.get(0).getScore());
        int firstShard = shardOf(firstScore);
        long strictlyHigher = 0;
        for (int s = firstShard + 1; s < keys.length; s++) {
            strictlyHigher += redis.zcard(keys[s]);
        }
        strictlyHigher += redis.zcount(keys[firstShard], RankKey.lowestWith(firstScore + 1), Double.POSITIVE_INFINITY);
        return SortedSets.ranked(window, position - above.size(), strictlyHigher + 1);
    }

    @Override
    public long count() {
        long total = 0;
        for (String key : keys) {
            total += redis.zcard(key);
        }
        return total;
    }

    @Override
    public void drop() {
        for (String key : keys) {
            redis.del(key);
        }
        redis.del(where);
    }
}
