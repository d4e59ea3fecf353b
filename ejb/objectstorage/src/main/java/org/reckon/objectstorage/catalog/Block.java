package org.reckon.objectstorage.catalog;

import java.util.Arrays;
import java.util.List;

/**
 * One block of an object version or upload part, in order (seq). layout {@code R3}: the block
 * itself on every node of {@code nodes}; {@code RS4_2}: Reed-Solomon shard i ({@code blockId.i}) on
 * the i-th node. {@code crc} is the CRC32C of the block's data, checked end to end on read.
 */
public record Block(String dataId, int seq, String blockId, int length, int crc, String layout, String nodes) {

    public List<String> nodeList() {
        return Arrays.asList(nodes.split(","));
    }
}
