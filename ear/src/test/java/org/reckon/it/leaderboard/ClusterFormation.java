package org.reckon.it.leaderboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Joins six cluster-enabled redis-servers on {@code base..base+5} into a cluster of three masters
 * (the first three, 5,461 or 5,462 slots each) and three replicas (base+3 replicates base, and so
 * on), as {@code redis-cli --cluster create} would, with plain commands so any redis-server works.
 */
final class ClusterFormation {

    private ClusterFormation() {
    }

    static void form(String host, int base) {
        try (Jedis first = new Jedis(host, base)) {
            if (first.clusterInfo().contains("cluster_state:ok")) {
                return;
            }
        }
        for (int n = 1; n < 6; n++) {
            try (Jedis j = new Jedis(host, base + n)) {
                j.clusterMeet(host, base);
            }
        }
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        String[] masterIds = new String[3];
        for (int m = 0; m < 3; m++) {
            try (Jedis j = new Jedis(host, base + m)) {
                int[] slots = new int[ranges[m][1] - ranges[m][0] + 1];
                for (int s = 0; s < slots.length; s++) {
                    slots[s] = ranges[m][0] + s;
                }
                j.clusterAddSlots(slots);
                masterIds[m] = j.clusterMyId();
            }
        }
        for (int r = 0; r < 3; r++) {
            int replica = base + 3 + r;
            String master = masterIds[r];
            Awaitility.await("node " + replica + " knows its master").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                        try (Jedis j = new Jedis(host, replica)) {
                            return j.clusterNodes().contains(master) && "OK".equals(j.clusterReplicate(master));
                        }
                    });
        }
        for (int n = 0; n < 6; n++) {
            int port = base + n;
            Awaitility.await("node " + port + " sees the cluster ok").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                        try (Jedis j = new Jedis(host, port)) {
                            return j.clusterInfo().contains("cluster_state:ok")
                                    && j.clusterNodes().lines().filter(l -> l.contains("slave")).count() == 3;
                        }
                    });
        }
    }

    /** The current masters (after a failover, the promoted replicas). */
    static List<HostAndPort> masters(String host, int base) {
        for (int n = 0; n < 6; n++) {
            try (Jedis j = new Jedis(host, base + n)) {
                List<HostAndPort> masters = new ArrayList<>();
                for (String line : j.clusterNodes().split("\n")) {
                    String[] f = line.split(" ");
                    if (f.length > 2 && f[2].contains("master") && !f[2].contains("fail")) {
                        masters.add(HostAndPort.from(f[1].replaceAll("@.*$", "")));
                    }
                }
                return masters;
            } catch (RuntimeException e) {
                // that node is down: ask the next
            }
        }
        throw new IllegalStateException("no node answers");
    }

    /** The master holding {@code key}'s slot. */
    static HostAndPort masterOf(String host, int base, String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        try (Jedis j = new Jedis(host, base)) {
            for (String line : j.clusterNodes().split("\n")) {
                String[] f = line.split(" ");
                if (f.length > 8 && f[2].contains("master")) {
                    for (int i = 8; i < f.length; i++) {
                        String[] range = f[i].split("-");
                        int from = Integer.parseInt(range[0]);
                        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                        if (slot >= from && slot <= to) {
                            return HostAndPort.from(f[1].replaceAll("@.*$", ""));
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no master for slot " + slot);
    }
}
