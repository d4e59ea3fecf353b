package org.reckon.objectstorage.node;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The blocks of one data node, as the chapter stores them: small blocks are not files of their own
 * but records appended to a few large pack files ({@code data/pack-000001.dat}, rolled at
 * {@code packLimit} bytes), found through an object lookup table (block id to pack, offset, length,
 * CRC32C) that is kept in memory and persisted as an append-only log ({@code lookup.log}), replayed
 * at start. A pack record is {@code header | data}; the header repeats the id, length and checksum,
 * so the lookup table can be rebuilt from the packs alone when its log is gone.
 *
 * <p>Writes are appended under one lock (a pack is append-only); the lookup entry is logged only
 * after the data, so a process killed mid-write leaves an unreferenced tail that compaction drops.
 * Every read recomputes the CRC32C and refuses the block when it differs ({@link CorruptBlockException}).
 * Deleting logs a tombstone; {@link #compact()} rewrites the packs without dead records.
 */
public final class BlockStore implements AutoCloseable {

    public static final Pattern BLOCK_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int MAGIC = 0x52424B31; // "RBK1"
    /** A record of the service's full block (4 MiB) with the longest header fits a pooled buffer. */
    static final int POOLED_RECORD = (4 << 20) + 6 + 200 + 8;
    /** At most this many pooled buffers per node (64 MiB of direct memory); a write beyond them takes the heap path. */
    static final int POOLED_BUFFERS = 16;
    private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[64 << 10]);

    /** Where a block lives: pack number, offset of its data, length, CRC32C. */
    public record Entry(int pack, long offset, int length, int crc) {}

    public static final class CorruptBlockException extends IOException {
        public CorruptBlockException(String id) {
            super("block " + id + " fails its checksum");
        }
    }

    private final Path dir;
    private final Path dataDir;
    private final long packLimit;
    private final boolean fsync;
    private final Map<String, Entry> lookup = new HashMap<>();
    private final Map<Integer, FileChannel> readers = new HashMap<>();
    private FileChannel current;
    private int currentPack;
    private BufferedWriter lookupLog;
    private FileOutputStream lookupOut;
    /** Group commit: writes are numbered; one fsync makes every write numbered before it durable. */
    private long writeSeq;
    private long syncedSeq;
    private final Object syncLock = new Object();
    private long deadBytes;
    /** At start: per pack, where its last whole record ends. */
    private final Map<Integer, Long> validEnd = new HashMap<>();
    /**
     * Direct buffers that writes assemble their record in, reused. A fresh 4 MiB array per block was
     * copied between the generations by the node's young collections while its body arrived (GC was
     * 30 % of a node's samples under 64 MiB PUTs at 16 clients), and writing a heap buffer made the JDK
     * allocate and zero a temporary direct buffer whenever the record was longer than the thread's
     * cached one (another 12 %, block ids differ in length).
     */
    private final ArrayBlockingQueue<ByteBuffer> pooled = new ArrayBlockingQueue<>(POOLED_BUFFERS);
    private final AtomicInteger pooledMade = new AtomicInteger();

    public BlockStore(Path dir, long packLimit, boolean fsync) throws IOException {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.packLimit = packLimit;
        this.fsync = fsync;
        Files.createDirectories(dataDir);
        Path log = dir.resolve("lookup.log");
        if (Files.exists(log)) {
            Map<Integer, Long> logged = replay(log);
            openLog(log, true);
            // only the pack is forced before a write is acknowledged: records past the log's last line
            // (acknowledged, but their lookup line was still in the page cache when the machine died) are
            // found from the packs' record headers and logged again
            List<String> recovered = new ArrayList<>();
            for (int n : packs()) validEnd.put(n, scan(n, logged.getOrDefault(n, 0L), recovered));
            if (!recovered.isEmpty()) {
                for (String id : recovered) lookupLog.write(line(id, lookup.get(id)));
                lookupLog.flush();
                if (fsync) lookupOut.getChannel().force(false);
            }
        } else {
            rebuildFromPacks();
            writeLookupLog(log);
            openLog(log, true);
        }
        syncDir(dir);
        currentPack = packs().stream().mapToInt(Integer::intValue).max().orElse(1);
        openCurrent();
        Long end = validEnd.get(currentPack);
        if (end != null && end < current.size()) {
            // the torn tail of a write that was never acknowledged: cut, so the next records follow the last whole one
            current.truncate(end);
            current.position(end);
            if (fsync) current.force(false);
        }
    }

    private void openCurrent() throws IOException {
        current = FileChannel.open(pack(currentPack), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        current.position(current.size());
        syncDir(dataDir);
    }

    private Path pack(int n) {
        return dataDir.resolve(String.format("pack-%06d.dat", n));
    }

    private List<Integer> packs() throws IOException {
        List<Integer> packs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("pack-\\d{6}\\.dat"))
                    .forEach(n -> packs.add(Integer.parseInt(n.substring(5, 11))));
        }
        packs.sort(null);
        return packs;
    }

    /** Replays the lookup log; answers, per pack, the end of the last record it logged there. */
    private Map<Integer, Long> replay(Path log) throws IOException {
        Map<Integer, Long> logged = new HashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            try {
                if (f.length == 6 && f[0].equals("P")) {
                    Entry e = new Entry(Integer.parseInt(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
                    Entry old = lookup.put(f[1], e);
                    logged.merge(e.pack(), e.offset() + e.length(), Math::max);
                    if (old != null) deadBytes += old.length();
                } else if (f.length == 2 && f[0].equals("D")) {
                    Entry old = lookup.remove(f[1]);
                    if (old != null) deadBytes += old.length();
                }
            } catch (NumberFormatException torn) {
                // the last line of a process killed mid-append: that block was never acknowledged
            }
        }
        return logged;
    }

    /** The lookup table from the packs' record headers (the lookup log was lost). */
    private void rebuildFromPacks() throws IOException {
        for (int n : packs()) validEnd.put(n, scan(n, 0, null));
    }

    /**
     * Adds the records of pack {@code n} from byte {@code from} on to the lookup table (a later
     * position of an id wins), stopping at the first incomplete header or record: the torn tail of a
     * write that was never acknowledged. A record whose data is torn but whose header is whole is
     * added and answers "corrupt" when read, as any corrupt block; it was not acknowledged either.
     * The ids added go to {@code added} when given. Answers where the last whole record ends.
     */
    private long scan(int n, long from, List<String> added) throws IOException {
        try (FileChannel ch = FileChannel.open(pack(n), StandardOpenOption.READ)) {
            long pos = from, size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(4 + 2 + 200 + 4 + 4);
            while (pos + 10 < size) {
                head.clear();
                ch.read(head, pos);
                head.flip();
                if (head.remaining() < 6 || head.getInt() != MAGIC) break;
                int idLen = head.getShort();
                if (idLen <= 0 || idLen > 200 || head.remaining() < idLen + 8) break;
                byte[] id = new byte[idLen];
                head.get(id);
                int length = head.getInt();
                int crc = head.getInt();
                long dataAt = pos + 6 + idLen + 8;
                if (length < 0 || dataAt + length > size) break;
                String key = new String(id, StandardCharsets.US_ASCII);
                Entry e = new Entry(n, dataAt, length, crc);
                Entry old = lookup.get(key);
                if (old == null || old.pack() < n || old.pack() == n && old.offset() < dataAt) {
                    lookup.put(key, e);
                    if (old != null) deadBytes += old.length();
                    if (added != null) added.add(key);
                }
                pos = dataAt + length;
            }
            return pos;
        }
    }

    private void writeLookupLog(Path log) throws IOException {
        Path tmp = log.resolveSibling("lookup.log.tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Entry> e : new TreeMap<>(lookup).entrySet()) {
                w.write(line(e.getKey(), e.getValue()));
            }
        }
        Files.move(tmp, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String line(String id, Entry e) {
        return "P " + id + " " + e.pack() + " " + e.offset() + " " + e.length() + " " + e.crc() + "\n";
    }

    /**
     * Stores a block of {@code length} bytes read from {@code in}. When {@code expectedCrc} is given
     * the data must match it (the service computed it before sending). Rewriting an id replaces it.
     */
    public Entry put(String id, InputStream in, int length, Integer expectedCrc) throws IOException {
        checkId(id);
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        int header = 6 + idBytes.length + 8;
        ByteBuffer buffer = header + length <= POOLED_RECORD ? takePooled() : null;
        try {
            ByteBuffer record;
            CRC32C crc = new CRC32C();
            if (buffer != null) {
                record = buffer.clear();
                record.position(header);
                byte[] chunk = CHUNK.get();
                for (int left = length; left > 0; ) {
                    int n = in.read(chunk, 0, Math.min(chunk.length, left));
                    if (n < 0) throw new IOException("block " + id + ": body shorter than " + length);
                    record.put(chunk, 0, n);
                    left -= n;
                }
                record.flip().position(header);
                crc.update(record);
            } else {
                // the body is read straight into the record it is stored as: one array and one copy per block
                byte[] bytes = new byte[header + length];
                if (in.readNBytes(bytes, header, length) != length) throw new IOException("block " + id + ": body shorter than " + length);
                crc.update(bytes, header, length);
                record = ByteBuffer.wrap(bytes);
            }
            int sum = (int) crc.getValue();
            if (expectedCrc != null && expectedCrc != sum) throw new CorruptBlockException(id);
            record.position(0);
            record.putInt(MAGIC).putShort((short) idBytes.length).put(idBytes).putInt(length).putInt(sum).position(0);
            return append(id, idBytes, length, sum, record);
        } finally {
            if (buffer != null) pooled.offer(buffer);
        }
    }

    private ByteBuffer takePooled() {
        ByteBuffer b = pooled.poll();
        if (b != null) return b;
        if (pooledMade.incrementAndGet() <= POOLED_BUFFERS) return ByteBuffer.allocateDirect(POOLED_RECORD);
        pooledMade.decrementAndGet();
        return null;
    }

    private Entry append(String id, byte[] idBytes, int length, int sum, ByteBuffer record) throws IOException {
        Entry entry;
        long seq;
        synchronized (this) {
            if (current.size() > 0 && current.size() + record.remaining() > packLimit) {
                if (fsync) current.force(false);
                current.close();
                currentPack++;
                openCurrent();
            }
            long at = current.size();
            while (record.hasRemaining()) current.write(record, at + record.position());
            entry = new Entry(currentPack, at + 6 + idBytes.length + 8, length, sum);
            lookupLog.write(line(id, entry));
            lookupLog.flush();
            Entry old = lookup.put(id, entry);
            if (old != null) deadBytes += old.length();
            seq = ++writeSeq;
        }
        if (fsync) sync(seq);
        return entry;
    }

    /**
     * Makes write {@code seq} durable before it is acknowledged: one {@code FileChannel.force} of the
     * pack covers every write numbered up to then, so concurrent writers share an fsync (group commit)
     * instead of queueing behind one each. The lookup log is not forced: its lines are rebuilt from the
     * pack records' headers at start (see the constructor), so one fsync per group, not two.
     */
    private void sync(long seq) throws IOException {
        synchronized (syncLock) {
            if (syncedSeq >= seq) return;
            long upTo;
            FileChannel pack;
            synchronized (this) {
                upTo = writeSeq;
                pack = current;
            }
            try {
                pack.force(false);
            } catch (ClosedChannelException e) {
                // rolled over or compacted meanwhile: forced before it was closed
            }
            syncedSeq = upTo;
        }
    }

    private void openLog(Path log, boolean append) throws IOException {
        lookupOut = new FileOutputStream(log.toFile(), append);
        lookupLog = new BufferedWriter(new OutputStreamWriter(lookupOut, StandardCharsets.UTF_8));
    }

    /** A new file's name is durable once its directory is forced (Linux allows forcing a directory). */
    private void syncDir(Path d) throws IOException {
        if (!fsync) return;
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on this platform: the files' own fsync is what is left
        }
    }

    /** The block's bytes, after checking them against their CRC32C; null when absent. */
    public byte[] get(String id) throws IOException {
        checkId(id);
        Entry e;
        FileChannel ch;
        synchronized (this) {
            e = lookup.get(id);
            if (e == null) return null;
            ch = reader(e.pack());
        }
        ByteBuffer buf = ByteBuffer.allocate(e.length());
        while (buf.hasRemaining()) {
            int n = ch.read(buf, e.offset() + buf.position());
            if (n < 0) throw new CorruptBlockException(id);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array());
        if ((int) crc.getValue() != e.crc()) throw new CorruptBlockException(id);
        return buf.array();
    }

    private FileChannel reader(int pack) throws IOException {
        FileChannel ch = readers.get(pack);
        if (ch == null || !ch.isOpen()) {
            ch = FileChannel.open(pack(pack), StandardOpenOption.READ);
            readers.put(pack, ch);
        }
        return ch;
    }

    public synchronized Entry entry(String id) {
        return lookup.get(id);
    }

    public synchronized boolean delete(String id) throws IOException {
        checkId(id);
        Entry old = lookup.remove(id);
        if (old == null) return false;
        lookupLog.write("D " + id + "\n");
        lookupLog.flush();
        deadBytes += old.length();
        return true;
    }

    /** The scrubber's local pass: every block read back and checked against its CRC32C; answers the corrupt ones. */
    public List<String> verifyAll() throws IOException {
        List<String> corrupt = new ArrayList<>();
        for (String id : list().keySet()) {
            try {
                get(id);
            } catch (CorruptBlockException e) {
                corrupt.add(id);
            }
        }
        return corrupt;
    }

    public synchronized Map<String, Entry> list() {
        return new TreeMap<>(lookup);
    }

    /** The sum of the live blocks' lengths (one pass over the lookup table, nothing copied: every heartbeat asks). */
    public synchronized long liveBytes() {
        long sum = 0;
        for (Entry e : lookup.values()) sum += e.length();
        return sum;
    }

    /** How many live blocks there are. */
    public synchronized int blocks() {
        return lookup.size();
    }

    public synchronized long packBytes() throws IOException {
        long total = 0;
        for (int n : packs()) total += Files.size(pack(n));
        return total;
    }

    public synchronized long deadBytes() {
        return deadBytes;
    }

    /**
     * Garbage collection's second half: copies the live records into new packs, swaps the lookup
     * table, then removes the old packs. Returns the bytes reclaimed.
     */
    public synchronized long compact() throws IOException {
        long before = packBytes();
        List<Integer> old = packs();
        if (fsync) current.force(false);
        current.close();
        for (FileChannel r : readers.values()) r.close();
        readers.clear();
        int next = old.isEmpty() ? 1 : old.get(old.size() - 1) + 1;
        Map<String, Entry> live = new TreeMap<>(lookup);
        currentPack = next;
        openCurrent();
        lookup.clear();
        Path log = dir.resolve("lookup.log");
        lookupLog.close();
        openLog(dir.resolve("lookup.compacting"), false);
        for (Map.Entry<String, Entry> e : live.entrySet()) {
            Entry src = e.getValue();
            try (FileChannel in = FileChannel.open(pack(src.pack()), StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate(src.length());
                while (buf.hasRemaining() && in.read(buf, src.offset() + buf.position()) >= 0) { }
                buf.flip();
                try {
                    putRaw(e.getKey(), buf.array(), src.crc());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        lookupLog.flush();
        if (fsync) {
            current.force(false);
            lookupOut.getChannel().force(false);
        }
        lookupLog.close();
        Files.move(dir.resolve("lookup.compacting"), log, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        syncDir(dir);
        openLog(log, true);
        for (int n : old) Files.deleteIfExists(pack(n));
        deadBytes = 0;
        return before - packBytes();
    }

    /** Appends a record whose checksum is copied, not recomputed: a corrupt block stays detectable. */
    private void putRaw(String id, byte[] data, int crc) throws IOException {
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer record = ByteBuffer.allocate(6 + idBytes.length + 8 + data.length);
        record.putInt(MAGIC).putShort((short) idBytes.length).put(idBytes).putInt(data.length).putInt(crc).put(data).flip();
        if (current.size() > 0 && current.size() + record.remaining() > packLimit) {
            if (fsync) current.force(false);
            current.close();
            currentPack++;
            openCurrent();
        }
        long at = current.size();
        while (record.hasRemaining()) current.write(record, at + record.position());
        Entry entry = new Entry(currentPack, at + 6 + idBytes.length + 8, data.length, crc);
        lookupLog.write(line(id, entry));
        lookup.put(id, entry);
    }

    private static void checkId(String id) {
        if (id == null || !BLOCK_ID.matcher(id).matches()) throw new IllegalArgumentException("bad block id");
    }

    @Override
    public synchronized void close() throws IOException {
        current.close();
        for (FileChannel r : readers.values()) r.close();
        lookupLog.close();
    }
}
