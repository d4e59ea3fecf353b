package org.reckon.objectstorage.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/** Rendezvous (highest random weight) hashing: the n nodes with the highest hash(block, node). */
public final class Placement {

    private Placement() {
    }

    public static List<String> rendezvous(String blockId, List<String> nodes, int n) {
        return nodes.stream()
                .sorted(Comparator.comparingLong((String node) -> weight(blockId, node)).reversed().thenComparing(node -> node))
                .limit(n)
                .toList();
    }

    static long weight(String blockId, String node) {
        CRC32C crc = new CRC32C();
        crc.update((blockId + "|" + node).getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue() * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
