package org.reckon.leaderboard.redis.sharding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.leaderboard.redis.SortedSets;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * Hash partitions: a player lives in shard {@code hash(user_id) mod n}; every read is a
 * scatter-gather over the n shards, in parallel. Top k: the top k of each shard, merged. A
 * player's shared rank: 1 + the sum over shards of the members with a higher score. Neighbours:
 * from every shard the {@code around} keys just above and just below the player's, merged.
 */
public final class HashBoard implements ShardedBoard {

    private static final ZAddParams GT = ZAddParams.zAddParams().gt();

    private final UnifiedJedis redis;
    private final String[] keys;
    private final ExecutorService executor;

    public HashBoard(UnifiedJedis redis, String name, int shards, ExecutorService executor) {
        this.redis = redis;
        this.executor = executor;
        this.keys = new String[shards];
        for (int i = 0; i < shards; i++) {
            keys[i] = "{" + name + ":h" + i + "}";
        }
    }

    private String shardOf(String userId) {
        return keys[Math.floorMod(userId.hashCode(), keys.length)];
    }

    @Override
    public void put(String userId, long score, double rankKey) {
        redis.zadd(shardOf(userId), rankKey, userId, GT);
    }

    @Override
    public void putAll(List<Entry> entries) {
        try (AbstractPipeline p = redis.pipelined()) {
            for (Entry e : entries) {
                p.zadd(shardOf(e.userId()), e.rankKey(), e.userId(), GT);
            }
            p.sync();
        }
    }

    private <T> List<T> scatter(java.util.function.Function<String, T> perShard) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (String key : keys) {
            futures.add(CompletableFuture.supplyAsync(() -> perShard.apply(key), executor));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public List<RedisBoards.Ranked> top(int n) {
        List<Tuple> merged = new ArrayList<>();
        scatter(key -> redis.zrevrangeWithScores(key, 0, n - 1L)).forEach(merged::addAll);
        merged.sort(Comparator.comparingDouble(Tuple::getScore).reversed().thenComparing(Tuple::getElement, Comparator.reverseOrder()));
        return SortedSets.ranked(merged.subList(0, Math.min(n, merged.size())), 0, 1);
    }

    @Override
    public List<RedisBoards.Ranked> around(String userId, int around) {
        Double key = redis.zscore(shardOf(userId), userId);
        if (key == null) {
            return List.of();
        }
        long score = RankKey.score(key);
        double higher = RankKey.lowestWith(score + 1);
        List<long[]> counts = scatter(k -> new long[] {redis.zcount(k, higher, Double.POSITIVE_INFINITY),
                redis.zcount(k, "(" + key, "+inf")});
        long strictlyHigherScore = counts.stream().mapToLong(c -> c[0]).sum();
        long position = counts.stream().mapToLong(c -> c[1]).sum(); // members ranked before the player
        List<Tuple> above = new ArrayList<>();
        List<Tuple> below = new ArrayList<>();
        scatter(k -> List.of(
                redis.zrangeByScoreWithScores(k, "(" + key, "+inf", 0, around),
                redis.zrevrangeByScoreWithScores(k, "(" + key, "-inf", 0, around)))
                .forEach(l -> {
                    above.addAll(l.get(0));
                    below.addAll(l.get(1));
                });
        Comparator<Tuple> desc = Comparator.comparingDouble(Tuple::getScore).reversed();
        above.sort(desc);
        below.sort(desc);
        List<Tuple> window = new ArrayList<>(above.subList(Math.max(0, above.size() - around), above.size()));
        window.add(new Tuple(userId, key));
        window.addAll(below.subList(0, Math.min(around, below.size())));
        long start = position - Math.min(around, above.size());
        long firstScore = RankKey.score(window.get(0).getScore());
        long firstRank = firstScore == score ? strictlyHigherScore + 1
                : 1 + scatter(k -> redis.zcount(k, RankKey.lowestWith(firstScore + 1), Double.POSITIVE_INFINITY))
                .stream().mapToLong(Long::longValue).sum();
        return SortedSets.ranked(window, start, firstRank);
    }

    @Override
    public long count() {
        return scatter(redis::zcard).stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void drop() {
        for (String key : keys) {
            redis.del(key);
        }
    }
}
