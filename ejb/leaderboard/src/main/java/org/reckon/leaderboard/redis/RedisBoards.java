package org.reckon.leaderboard.redis;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.leaderboard.domain.LeaderboardError;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.leaderboard.redis.sharding.ScoreRangeBoard;
import org.reckon.leaderboard.redis.sharding.ShardedBoard;
import org.reckon.shared.ReckonException;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * The month's sorted sets on Redis: one key per month, {@code leaderboard:{YYYY-MM}}, whose members
 * are user ids scored by {@link RankKey}. The client is Jedis: a pooled client on one server
 * ({@code redis://host:port}), or a cluster client ({@code redis-cluster://host:port,host:port,...})
 * that follows the hash slots and fails over to replicas. The URI is the server's configuration
 * property {@code reckon.leaderboard.redis.uri}.
 *
 * Writes use {@code ZADD GT}: a member's key only ever grows (scores only grow, and a higher score
 * always has a higher key), so projecting an older state after a newer one, replaying, or
 * rebuilding beside live updates never moves a player back.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RedisBoards {

    private static final Logger LOG = Logger.getLogger(RedisBoards.class.getName());
    private static final ZAddParams GT = ZAddParams.zAddParams().gt();

    @Inject
    @ConfigProperty(name = "reckon.leaderboard.redis.uri", defaultValue = "redis://127.0.0.1:6379")
    String uri;

    @Inject
    @ConfigProperty(name = "reckon.leaderboard.redis.pool.max", defaultValue = "32")
    int poolMax;

    /** The server setting: {@code single} (one sorted set a month, the default) or {@code score-range}. */
    public static final String PARTITIONING = "reckon.leaderboard.partitioning";

    @Inject
    @ConfigProperty(name = PARTITIONING, defaultValue = "single")
    String partitioning;

    /** The lower bounds (points) of the score-range partitions; the first must be 0, the last is open-ended. */
    @Inject
    @ConfigProperty(name = "reckon.leaderboard.partitioning.bounds", defaultValue = "0,100,200,300,400,500,600,700,800,900")
    String boundsText;

    /** The server setting naming the Redis server or cluster (above); a system property set at runtime overrides it. */
    public static final String URI = "reckon.leaderboard.redis.uri";

    private volatile Connected connected;
    private long[] bounds;

    /** The client of one URI. */
    private record Connected(String uri, UnifiedJedis jedis) {
    }

    @PostConstruct
    void connect() {
        bounds = java.util.Arrays.stream(boundsText.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        if (bounds.length == 0 || bounds[0] != 0) {
            throw new IllegalStateException("reckon.leaderboard.partitioning.bounds must start with 0: " + boundsText);
        }
        mode(partitioning);
        String at = System.getProperty(URI, uri);
        connected = new Connected(at, SortedSets.open(at, poolMax));
        LOG.info(() -> "leaderboard: Redis at " + at + ", partitioning " + partitioning);
    }

    /**
     * The client of the Redis the setting names now. Like the partitioning, the URI is read on
     * every call (a system property overrides the configured value), so a test can point the
     * running server at another Redis, the suite's cluster (ScoreRangeClusterIT): the next call
     * connects to it and the previous client is closed (a call still running on it fails as if
     * Redis were down: a write is caught up by the projection, a read answers 503). Switching does
     * not move data: rebuild the month after switching.
     */
    /**
     * The client of the Redis the setting names now, for the channel of the boards' notices
     * (ScoreNotices: PUBLISH, and a SUBSCRIBE that holds one of its connections). Called through
     * this bean's view it returns at once; the caller blocks on the client, not inside this bean.
     */
    public UnifiedJedis client() {
        return jedis();
    }

    private UnifiedJedis jedis() {
        String wanted = System.getProperty(URI, uri);
        Connected now = connected;
        if (now.uri().equals(wanted)) {
            return now.jedis();
        }
        synchronized (this) {
            now = connected;
            if (!now.uri().equals(wanted)) {
                Connected previous = now;
                try {
                    now = new Connected(wanted, SortedSets.open(wanted, poolMax));
                } catch (JedisException e) {
                    throw new ReckonException(LeaderboardError.LEADERBOARD_UNAVAILABLE, "Redis at " + wanted + ": " + e.getMessage());
                }
                connected = now;
                previous.jedis().close();
                LOG.info(() -> "leaderboard: Redis at " + wanted + " (was " + previous.uri() + ")");
            }
            return now.jedis();
        }
    }

    private static boolean mode(String value) {
        return switch (value) {
            case "single" -> false;
            case "score-range" -> true;
            default -> throw new IllegalStateException(PARTITIONING + " must be single or score-range, not " + value);
        };
    }

    /**
     * The month's board in fixed partitions by score range ({@link ScoreRangeBoard}, keys
     * {@code {leaderboard:YYYY-MM:rN}} and {@code {leaderboard:YYYY-MM:where}}), or null for one
     * sorted set. The setting is read on every call (a system property overrides the configured
     * value), so a test can switch it on a running server.
     */
    private ScoreRangeBoard partitioned(Month month) {
        return mode(System.getProperty(PARTITIONING, partitioning))
                ? new ScoreRangeBoard(jedis(), "leaderboard:" + month, bounds) : null;
    }

    @PreDestroy
    void close() {
        Connected now = connected;
        if (now != null) {
            now.jedis().close();
        }
    }

    /** Sets a member's key unless Redis already holds a greater one. */
    public void put(Month month, String userId, double rankKey) {
        ScoreRangeBoard board = partitioned(month);
        call(() -> {
            if (board != null) {
                board.put(userId, RankKey.score(rankKey), rankKey);
                return null;
            }
            return jedis().zadd(SortedSets.key(month), rankKey, userId, GT);
        });
    }

    /** Many members at once, pipelined (the rebuild, the catch-up). */
    public void putAll(Month month, List<Member> members) {
        ScoreRangeBoard board = partitioned(month);
        if (board != null) {
            call(() -> {
                board.merge(members.stream().map(m -> new ShardedBoard.Entry(m.userId(), RankKey.score(m.rankKey()), m.rankKey())).toList());
                return null;
            });
            return;
        }
        call(() -> {
            try (AbstractPipeline pipeline = jedis().pipelined()) {
                for (Member m : members) {
                    pipeline.zadd(SortedSets.key(month), m.rankKey(), m.userId(), GT);
                }
                pipeline.sync();
            }
            return null;
        });
    }

    public long count(Month month) {
        ScoreRangeBoard board = partitioned(month);
        return call(() -> board != null ? board.count() : jedis().zcard(SortedSets.key(month)));
    }

    /** The top {@code n} with their shared ranks. */
    public List<Ranked> top(Month month, int n) {
        ScoreRangeBoard board = partitioned(month);
        if (board != null) {
            return call(() -> board.top(n));
        }
        return call(() -> SortedSets.ranked(jedis().zrevrangeWithScores(SortedSets.key(month), 0, n - 1L), 0, 1));
    }

    /** The player and up to {@code around} players above and below, or an empty list if absent. */
    public List<Ranked> around(Month month, String userId, int around) {
        ScoreRangeBoard board = partitioned(month);
        if (board != null) {
            return call(() -> board.around(userId, around));
        }
        return call(() -> {
            UnifiedJedis jedis = jedis();
            Long position = jedis.zrevrank(SortedSets.key(month), userId);
            if (position == null) {
                return List.of();
            }
            long start = Math.max(0, position - around);
            List<Tuple> window = jedis.zrevrangeWithScores(SortedSets.key(month), start, position + around);
            if (window.isEmpty()) {
                return List.of();
            }
            long firstScore = RankKey.score(window.get(0).getScore());
            long firstRank = start == 0 ? 1
                    : jedis.zcount(SortedSets.key(month), RankKey.lowestWith(firstScore + 1), Double.POSITIVE_INFINITY) + 1;
            return SortedSets.ranked(window, start, firstRank);
        });
    }

    /** Drops a month's board (tests, benchmarks). */
    public void drop(Month month) {
        ScoreRangeBoard board = partitioned(month);
        call(() -> {
            if (board != null) {
                board.drop();
                return null;
            }
            return jedis().del(SortedSets.key(month));
        });
    }

    public boolean reachable() {
        try {
            return "PONG".equalsIgnoreCase(pingAny());
        } catch (JedisException | ReckonException e) {
            return false;
        }
    }

    private String pingAny() {
        UnifiedJedis jedis = jedis();
        return jedis instanceof RedisClusterClient cluster
                ? cluster.getClusterNodes().values().stream().findFirst().map(p -> {
                    try (Connection c = p.getResource()) {
                        return new redis.clients.jedis.Jedis(c).ping();
                    }
                }).orElse("none")
                : jedis.ping();
    }

    private <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new ReckonException(LeaderboardError.LEADERBOARD_UNAVAILABLE, "Redis: " + e.getMessage());
        }
    }

    /** A member to write. */
    public record Member(String userId, double rankKey) {
    }

    /** A member read, with its shared rank and its score (points). */
    public record Ranked(String userId, long rank, long score) {
    }
}
