package org.reckon.objectstorage.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static BlockStore.Entry put(BlockStore s, String id, byte[] data) throws IOException {
        return s.put(id, new ByteArrayInputStream(data), data.length, null);
    }

    @Test
    void smallBlocksArePackedIntoOneAppendOnlyFileAndFoundThroughTheLookupTable() throws IOException {
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            for (int i = 0; i < 100; i++) put(s, "b" + i, bytes(1000, i));
            try (var files = Files.list(dir.resolve("data"))) {
                assertEquals(1, files.count(), "100 small blocks, one pack file");
            }
            assertArrayEquals(bytes(1000, 42), s.get("b42"));
            assertNull(s.get("absent"));
        }
    }

    @Test
    void packsRollAtTheirLimit() throws IOException {
        try (BlockStore s = new BlockStore(dir, 10_000, false)) {
            for (int i = 0; i < 10; i++) put(s, "b" + i, bytes(4000, i));
            try (var files = Files.list(dir.resolve("data"))) {
                assertTrue(files.count() >= 4);
            }
            for (int i = 0; i < 10; i++) assertArrayEquals(bytes(4000, i), s.get("b" + i));
        }
    }

    @Test
    void withFsyncConcurrentWritersShareForcesAcrossRollsAndCompactionAndEveryBlockSurvivesARestart() throws Exception {
        int threads = 8, each = 25;
        try (BlockStore s = new BlockStore(dir, 20_000, true)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) put(s, "t" + thread + "-" + i, bytes(3000, thread * 1000L + i));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
            pool.shutdown();
            for (int i = 0; i < each; i += 2) s.delete("t0-" + i);
            assertTrue(s.compact() > 0);
            put(s, "after", bytes(3000, 7));
        }
        try (BlockStore s = new BlockStore(dir, 20_000, true)) {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < each; i++) {
                    if (t == 0 && i % 2 == 0) assertNull(s.get("t0-" + i));
                    else assertArrayEquals(bytes(3000, t * 1000L + i), s.get("t" + t + "-" + i), "t" + t + "-" + i);
                }
            }
            assertArrayEquals(bytes(3000, 7), s.get("after"));
        }
    }

    @Test
    void theLookupTableSurvivesARestartAndIsRebuiltFromThePacksWhenLost() throws IOException {
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            put(s, "a", bytes(10, 1));
            put(s, "b", bytes(20, 2));
            s.delete("a");
        }
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            assertNull(s.get("a"));
            assertArrayEquals(bytes(20, 2), s.get("b"));
        }
        Files.delete(dir.resolve("lookup.log"));
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            assertArrayEquals(bytes(20, 2), s.get("b"));
        }
    }

    @Test
    void blocksWhoseLookupLinesWereLostAreRecoveredFromThePackTailAtStart() throws IOException {
        // only the pack is forced before a write is acknowledged: a power loss can keep the records and
        // lose the lookup log's last lines. Simulated by cutting the log after its first two lines.
        try (BlockStore s = new BlockStore(dir, 1 << 20, true)) {
            put(s, "a", bytes(10, 1));
            put(s, "b", bytes(20, 2));
            put(s, "c", bytes(30, 3));
            put(s, "a", bytes(40, 4)); // a rewritten: the later record wins
            put(s, "d", bytes(50, 5));
        }
        Path log = dir.resolve("lookup.log");
        java.util.List<String> lines = Files.readAllLines(log);
        assertEquals(5, lines.size());
        Files.write(log, lines.subList(0, 2));
        // a torn record at the very end (the write that was never acknowledged): a header cut short
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data/pack-000001.dat").toFile(), "rw")) {
            f.seek(f.length());
            f.writeInt(0x52424B31);
            f.writeShort(1);
        }
        try (BlockStore s = new BlockStore(dir, 1 << 20, true)) {
            assertArrayEquals(bytes(40, 4), s.get("a"));
            assertArrayEquals(bytes(20, 2), s.get("b"));
            assertArrayEquals(bytes(30, 3), s.get("c"));
            assertArrayEquals(bytes(50, 5), s.get("d"));
            assertEquals(4, s.list().size());
            assertEquals(10, s.deadBytes(), "the first a is dead");
        }
        // logged again at the first start: a second start finds them in the log
        assertEquals(5, Files.readAllLines(log).size());
        try (BlockStore s = new BlockStore(dir, 1 << 20, true)) {
            assertArrayEquals(bytes(50, 5), s.get("d"));
            assertArrayEquals(bytes(40, 4), s.get("a"));
            put(s, "e", bytes(60, 6)); // after the cut torn tail, not behind it
        }
        Files.write(log, Files.readAllLines(log).subList(0, 5)); // e's line lost too
        try (BlockStore s = new BlockStore(dir, 1 << 20, true)) {
            assertArrayEquals(bytes(60, 6), s.get("e"));
        }
    }

    @Test
    void aCorruptedBlockIsRefusedOnRead() throws IOException {
        BlockStore.Entry e;
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            e = put(s, "x", bytes(100, 3));
            put(s, "y", bytes(100, 4));
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data/pack-000001.dat").toFile(), "rw")) {
            f.seek(e.offset() + 10);
            int b = f.read();
            f.seek(e.offset() + 10);
            f.write(b ^ 0xFF);
        }
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            assertThrows(BlockStore.CorruptBlockException.class, () -> s.get("x"));
            assertArrayEquals(bytes(100, 4), s.get("y"));
        }
    }

    @Test
    void aWrongChecksumFromTheSenderIsRefused() throws IOException {
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            byte[] data = bytes(50, 5);
            CRC32C crc = new CRC32C();
            crc.update(data);
            assertThrows(BlockStore.CorruptBlockException.class,
                    () -> s.put("z", new ByteArrayInputStream(data), data.length, (int) crc.getValue() + 1));
            assertNull(s.get("z"));
            s.put("z", new ByteArrayInputStream(data), data.length, (int) crc.getValue());
            assertArrayEquals(data, s.get("z"));
        }
    }

    @Test
    void compactionReclaimsDeletedAndOverwrittenSpaceAndKeepsLiveBlocks() throws IOException {
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            for (int i = 0; i < 20; i++) put(s, "b" + i, bytes(10_000, i));
            for (int i = 0; i < 15; i++) s.delete("b" + i);
            put(s, "b19", bytes(10_000, 99));
            long before = s.packBytes();
            long reclaimed = s.compact();
            assertTrue(reclaimed > 150_000, "reclaimed " + reclaimed + " of " + before);
            assertEquals(0, s.deadBytes());
            for (int i = 15; i < 19; i++) assertArrayEquals(bytes(10_000, i), s.get("b" + i));
            assertArrayEquals(bytes(10_000, 99), s.get("b19"));
            put(s, "after", bytes(10, 7));
        }
        try (BlockStore s = new BlockStore(dir, 1 << 20, false)) {
            assertEquals(6, s.list().size());
            assertArrayEquals(bytes(10, 7), s.get("after"));
            assertNull(s.get("b0"));
        }
    }

    @Test
    void pooledAndHeapRecordsAreStoredAlikeAcrossReuseAndRestartAndAShortBodyStoresNothing() throws Exception {
        String longId = "L".repeat(200);
        byte[] full = bytes(4 << 20, 1);               // with a 200-byte id: exactly a pooled record
        byte[] over = bytes((4 << 20) + 1, 2);         // one byte over: the heap path
        byte[] small = bytes(10, 3);                   // a reused pooled buffer must not add the last record's bytes
        try (BlockStore s = new BlockStore(dir, 64 << 20, true)) {
            put(s, longId, full);
            put(s, "over", over);
            put(s, "small", small);
            assertThrows(IOException.class, () -> s.put("short", new ByteArrayInputStream(bytes(500, 4)), 1000, null));
            assertNull(s.get("short"));
            // more writers at once than pooled buffers: the rest take the heap path
            int writers = BlockStore.POOLED_BUFFERS + 8;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int n = t;
                done.add(pool.submit(() -> {
                    start.await();
                    return put(s, "w" + n, bytes(100_000 + n, 10 + n));
                }));
            }
            start.countDown();
            for (var f : done) f.get();
            pool.shutdown();
            assertArrayEquals(full, s.get(longId));
            assertArrayEquals(over, s.get("over"));
            assertArrayEquals(small, s.get("small"));
        }
        try (BlockStore s = new BlockStore(dir, 64 << 20, true)) {
            assertArrayEquals(full, s.get(longId));
            assertArrayEquals(over, s.get("over"));
            assertArrayEquals(small, s.get("small"));
            for (int t = 0; t < BlockStore.POOLED_BUFFERS + 8; t++) assertArrayEquals(bytes(100_000 + t, 10 + t), s.get("w" + t));
            assertNull(s.get("short"));
        }
    }
}
