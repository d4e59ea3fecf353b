package org.reckon.leaderboard.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.RankKey;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/** The month's sorted set: its key, the client that reaches it, and how a window of it is ranked. */
public final class SortedSets {

    private SortedSets() {
    }

    /** A pooled client for {@code redis://h:p} or a cluster client for {@code redis-cluster://h:p,h:p}. */
    public static UnifiedJedis open(String uri, int poolMax) {
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1000).socketTimeoutMillis(2000).build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(poolMax);
        pool.setMaxIdle(poolMax);
        pool.setMaxWait(Duration.ofSeconds(2));
        pool.setJmxEnabled(false);
        if (uri.startsWith("redis-cluster://")) {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            for (String node : uri.substring("redis-cluster://".length()).split(",")) {
                nodes.add(HostAndPort.from(node.trim()));
            }
            return RedisClusterClient.builder().nodes(nodes).clientConfig(config).poolConfig(pool).maxAttempts(5)
                    .maxTotalRetriesDuration(Duration.ofSeconds(10)).topologyRefreshPeriod(Duration.ofSeconds(2)).build();
        }
        if (!uri.startsWith("redis://")) {
            throw new IllegalArgumentException("reckon.leaderboard.redis.uri must be redis://host:port or redis-cluster://host:port,...: " + uri);
        }
        String hostPort = uri.substring("redis://".length()).replaceAll("/.*$", "");
        return RedisClient.builder().hostAndPort(HostAndPort.from(hostPort)).clientConfig(config).poolConfig(pool).build();
    }

    /** The sorted set of a month; the hash tag keeps a month's keys in one cluster slot. */
    public static String key(Month month) {
        return "leaderboard:{" + month + "}";
    }

    /**
     * Equal scores share a rank (competition ranking: 1, 2, 2, 4): the first of the window takes
     * {@code firstRank}; each later one takes its own position unless its score equals the one
     * before, since everyone before it then has a strictly higher score.
     */
    public static List<RedisBoards.Ranked> ranked(List<Tuple> window, long start, long firstRank) {
        List<RedisBoards.Ranked> out = new ArrayList<>(window.size());
        long rank = firstRank;
        long previous = -1;
        for (int i = 0; i < window.size(); i++) {
            Tuple t = window.get(i);
            long score = RankKey.score(t.getScore());
            if (i > 0 && score != previous) {
                rank = start + i + 1;
            }
            out.add(new RedisBoards.Ranked(t.getElement(), rank, score));
            previous = score;
        }
        return out;
    }
}
