package org.reckon.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.TestUsers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 13's "Measure": PUT and GET throughput (MB/s) for 1 MiB and 64 MiB objects and operations
 * per second for 4 KiB objects, at 1, 16 and 64 clients, for both storage classes, through the
 * AWS SDK for Java v2; the same client, driven the same way, against s3proxy 2.6.0 (filesystem
 * blob store, a Java S3 server writing to the local disk) in the same run. benchmark/objectstorage.sh
 * adds the raw disk's sequential write and read (dd, direct I/O) and prints the table.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ObjectStorageBenchmark {

    private static final int[] CLIENTS = ints("reckon.bench.clients", "1,16,64");
    /** Object sizes in KiB (default 4 KiB, 1 MiB, 64 MiB); fewer for a profiling run. */
    private static final int[] SIZES = java.util.Arrays.stream(ints("reckon.bench.sizes-kib", "4,1024,65536")).map(k -> k * 1024).toArray();
    private static final List<String> CLASSES = List.of(System.getProperty("reckon.bench.classes", "REPLICATED,ERASURE_CODED").split(","));
    /** The replicated cells again with the nodes restarted without fsync (the cost of durability). */
    private static final boolean NO_FSYNC_ROWS = Boolean.parseBoolean(System.getProperty("reckon.bench.nofsync-rows", "true"));
    private static final long SECONDS = Long.getLong("reckon.bench.seconds", 5);
    /** Seconds of warm-up before each size's cells (-Dreckon.bench.warmup-seconds; 0: none). */
    private static final long WARM_UP = Long.getLong("reckon.bench.warmup-seconds", 3);
    /**
     * The warm-up runs as many clients as the largest cell: a server's pools (the datasource's
     * connections, whose PostgreSQL logins cost CPU, the worker threads) then have the size the
     * cells need, instead of growing during the first cell of each larger client count.
     */
    private static final int WARM_UP_CLIENTS = java.util.Arrays.stream(CLIENTS).max().orElse(4);
    /** With N > 0, the SQL statements of N 4 KiB PUTs and N GETs (one client) are traced first (PostgreSQL's log_statement). */
    private static final int TRACE = Integer.getInteger("reckon.bench.trace-statements", 0);

    /** A rate (ops/s under 1 MiB, bytes/s otherwise) and the per-operation latency's median and 99th percentile in ms. */
    record Result(double rate, double p50, double p99, String cpu) {}

    /**
     * The processes whose CPU time a cell reads before and after its operations (named, each a
     * reading in nanoseconds): their difference over the operations done is each one's CPU per
     * operation, a cost that another load on the shared machine moves far less than the rate.
     */
    record CpuGroups(List<String> names, List<java.util.function.LongSupplier> readings) {

        long[] now() {
            return readings.stream().mapToLong(java.util.function.LongSupplier::getAsLong).toArray();
        }

        /** "name a, name b, …" in ms per operation since {@code before}. */
        String per(long[] before, long operations) {
            long[] after = now();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                out.add(String.format(java.util.Locale.ROOT, "%s %.2f", names.get(i), operations == 0 ? 0 : (after[i] - before[i]) / 1e6 / operations));
            }
            return String.join(", ", out);
        }
    }

    record Cell(String system, String storageClass, int size, int clients, Result put, Result get) {}

    @Test
    void measure() throws Exception {
        int offset = Integer.getInteger("reckon.test.port.offset", 100);
        String endpoint = "http://127.0.0.1:" + (9000 + offset);
        awaitNodes(endpoint, 6);
        HttpResponse<String> key = Http.send(Http.as(Http.request("/v1/object-storage/access-keys")
                .POST(HttpRequest.BodyPublishers.noBody()), TestUsers.ALICE.user, TestUsers.ALICE.password));
        JsonObject k = Json.createReader(new StringReader(key.body())).readObject();
        List<Cell> cells = new ArrayList<>();
        StringBuilder traces = new StringBuilder();
        String baselineFailure = null;
        Process proxy = startS3Proxy(offset);
        ProcessHandle self = ProcessHandle.current();
        CpuGroups proxyCpu = new CpuGroups(List.of("s3proxy", "client"), List.of(() -> ProcessCpu.nanos(proxy.toHandle()), () -> ProcessCpu.nanos(self)));
        String nodeDir = System.getProperty("reckon.test.objectstorage.dir");
        CpuGroups reckonCpu = new CpuGroups(List.of("server", "nodes", "PostgreSQL", "client"), List.of(ProcessCpu::serverNanos,
                () -> ProcessCpu.commandLineNanos("--dir " + nodeDir + "/n"), ProcessCpu::postgresNanos, () -> ProcessCpu.nanos(self)));
        // size by size, s3proxy and both storage classes side by side: a run cut short (the machine
        // is shared) still compares the sizes it reached
        try (S3Client reckon = client(endpoint, k.getString("access_key_id"), k.getString("secret_access_key"));
             S3Client s3proxy = client("http://127.0.0.1:" + (9090 + offset), "bench", "bench-secret")) {
            try {
                Awaitility.await("s3proxy starts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> s3proxy.listBuckets() != null);
                try {
                    s3proxy.createBucket(r -> r.bucket("bench"));
                } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
                    // the s3proxy directory of an earlier run (target/ is not wiped between runs)
                }
            } catch (RuntimeException e) {
                baselineFailure = e.toString();
                e.printStackTrace();
            }
            List<String> classes = CLASSES;
            for (String storageClass : classes) {
                String bucket = "bench-" + storageClass.toLowerCase().replace('_', '-');
                reckon.createBucket(r -> r.bucket(bucket).overrideConfiguration(o -> o.putHeader("x-reckon-storage-class", storageClass)));
            }
            if (TRACE > 0) {
                // the SQL statements of TRACE 4 KiB PUTs (overwrites, as in the cells) and TRACE GETs, one client
                String bucket = "bench-" + classes.get(0).toLowerCase().replace('_', '-');
                byte[] small = new byte[4096];
                new Random(7).nextBytes(small);
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    reckon.putObject(r -> r.bucket(bucket).key("trace-" + (n % 4)), RequestBody.fromBytes(small));
                }
                List<StatementTrace.Transaction> puts = new StatementTrace(System.getProperty("reckon.test.pg.port")).of(() -> {
                    for (int i = 0; i < TRACE; i++) {
                        int n = i;
                        reckon.putObject(r -> r.bucket(bucket).key("trace-" + (n % 4)), RequestBody.fromBytes(small));
                    }
                });
                List<StatementTrace.Transaction> gets = new StatementTrace(System.getProperty("reckon.test.pg.port")).of(() -> {
                    for (int i = 0; i < TRACE; i++) {
                        int n = i;
                        reckon.getObjectAsBytes(r -> r.bucket(bucket).key("trace-" + (n % 4)));
                    }
                });
                traces.append("\n## SQL statements of ").append(TRACE).append(" PUTs of 4 KiB (overwrites) in ").append(classes.get(0))
                        .append(", one client\n\n").append(StatementTrace.table(puts))
                        .append("\n## SQL statements of ").append(TRACE).append(" GETs of 4 KiB, one client\n\n").append(StatementTrace.table(gets));
            }
            for (int size : SIZES) {
                if (baselineFailure == null) {
                    try {
                        run(cells, "s3proxy 2.6.0", "filesystem", s3proxy, "bench", () -> { }, new int[] {size}, proxyCpu);
                    } catch (Exception e) {
                        // Reckon's figures stand; the table says why the baseline is missing
                        baselineFailure = e.toString();
                        e.printStackTrace();
                    }
                }
                for (String storageClass : classes) {
                    String bucket = "bench-" + storageClass.toLowerCase().replace('_', '-');
                    run(cells, "reckon", storageClass, reckon, bucket, () -> gc(endpoint), new int[] {size}, reckonCpu);
                }
            }
            // the cost of durability: the same replicated cells (small and 1 MiB objects, where fsync
            // weighs most) with the data nodes restarted without fsync
            if (NO_FSYNC_ROWS) {
            nodes(offset, false);
            try {
                reckon.createBucket(r -> r.bucket("bench-nofsync"));
                warmUp(reckon, "bench-nofsync");
                run(cells, "reckon, nodes without fsync", "REPLICATED", reckon, "bench-nofsync", () -> gc(endpoint),
                        new int[] {4 * 1024, 1024 * 1024}, reckonCpu);
            } finally {
                nodes(offset, true);
            }
            warmUp(reckon, "bench-nofsync");
            }
        } finally {
            proxy.destroy();
            proxy.waitFor();
        }
        StringBuilder md = new StringBuilder("Data nodes fsync every block before acknowledging it (FileChannel.force, group commit) "
                + "except in the rows \"nodes without fsync\". Before each system's cells of a size: " + WARM_UP
                + " s of warm-up (as many clients as the largest cell, " + WARM_UP_CLIENTS + ", not counted). Latency: per operation, median / 99th percentile, ms.\n\n"
                + "| system | storage | object size | clients | PUT | PUT p50 / p99 | GET | GET p50 / p99 |\n|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            String unit = c.size() < 1024 * 1024 ? " ops/s" : " MB/s";
            md.append("| ").append(c.system()).append(" | ").append(c.storageClass()).append(" | ").append(label(c.size())).append(" | ")
                    .append(c.clients()).append(" | ").append(String.format("%.1f%s", c.put().rate(), unit)).append(" | ")
                    .append(String.format("%.1f / %.1f", c.put().p50(), c.put().p99())).append(" | ")
                    .append(String.format("%.1f%s", c.get().rate(), unit)).append(" | ")
                    .append(String.format("%.1f / %.1f", c.get().p50(), c.get().p99())).append(" |\n");
        }
        md.append("\nCPU per operation (ms of CPU time per PUT and per GET, from the operating system's account of each process over the cell;"
                + " client = the benchmark's JVM, nodes = the 6 data node processes together, PostgreSQL = its postmaster and backends):\n\n"
                + "| system | storage | object size | clients | PUT | GET |\n|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            md.append("| ").append(c.system()).append(" | ").append(c.storageClass()).append(" | ").append(label(c.size())).append(" | ")
                    .append(c.clients()).append(" | ").append(c.put().cpu()).append(" | ").append(c.get().cpu()).append(" |\n");
        }
        if (baselineFailure != null) md.append("\ns3proxy baseline failed: ").append(baselineFailure).append('\n');
        md.append(traces);
        Path out = Path.of(System.getProperty("reckon.bench.out", "target/benchmark-objectstorage.md"));
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private static int[] ints(String property, String defaults) {
        return java.util.Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static String label(int size) {
        return size >= 1024 * 1024 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
    }

    private static S3Client client(String endpoint, String id, String secret) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .forcePathStyle(true)
                // the SDK's default since 2.30 (WHEN_SUPPORTED) sends every PUT as aws-chunked with a CRC32
                // trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER), which s3proxy 2.6.0 refuses ("x-amz-content-sha256
                // does not match"): both servers get checksums only where the operation requires them
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(128).socketTimeout(Duration.ofMinutes(5)))
                .build();
    }

    private static void run(List<Cell> cells, String system, String storageClass, S3Client s3, String bucket, Runnable between,
            int[] sizes, CpuGroups cpu) throws Exception {
        byte[] payload = new byte[java.util.Arrays.stream(SIZES).max().getAsInt()];
        new Random(42).nextBytes(payload);
        for (int size : sizes) {
            warmUp(s3, bucket, payload, size);
            for (int clients : CLIENTS) {
                // the clients overwrite a few keys (16 of 64 MiB at most): the space stays bounded, garbage collection reclaims it
                int slots = size >= 64 * 1024 * 1024 ? 16 : 64;
                Result put = measure(clients, cpu, (client, i) -> put(s3, bucket, "k" + (client % slots) + "-" + size, payload, size));
                Result get = measure(clients, cpu, (client, i) -> get(s3, bucket, "k" + (client % slots) + "-" + size));
                boolean ops = size < 1024 * 1024;
                Cell cell = new Cell(system, storageClass, size, clients, ops ? put : mb(put), ops ? get : mb(get));
                cells.add(cell);
                System.out.println("[bench] " + cell);
                between.run();
            }
        }
    }

    /**
     * Before a size's cells: WARM_UP seconds of PUTs and GETs of that size by WARM_UP_CLIENTS
     * clients (16 at most for 64 MiB objects, on 16 keys: the space stays bounded), not counted, so
     * that no cell pays for the servers' JIT compilation (the data nodes are 6 JVMs of their own,
     * idle until Reckon's first cell) or their first connections. s3proxy gets the same.
     */
    private static void warmUp(S3Client s3, String bucket, byte[] payload, int size) throws Exception {
        if (WARM_UP <= 0) return;
        long end = System.nanoTime() + WARM_UP * 1_000_000_000L;
        int clients = size >= 64 * 1024 * 1024 ? Math.min(16, WARM_UP_CLIENTS) : WARM_UP_CLIENTS;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String key = "warm-up-" + c + "-" + size;
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    put(s3, bucket, key, payload, size);
                    get(s3, bucket, key);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
    }

    /** One PUT of the payload's first size bytes; answers the bytes sent. */
    private static long put(S3Client s3, String bucket, String key, byte[] payload, int size) {
        s3.putObject(r -> r.bucket(bucket).key(key),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(payload, 0, size), size, "application/octet-stream"));
        return size;
    }

    /** One GET, its body read to the end; answers the bytes read. */
    private static long get(S3Client s3, String bucket, String key) throws IOException {
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    interface Op {
        long run(int client, long i) throws Exception;
    }

    private static Result mb(Result r) {
        return new Result(r.rate() / 1e6, r.p50(), r.p99(), r.cpu());
    }

    /** Runs clients threads for SECONDS; answers ops/s for objects under 1 MiB, bytes/s otherwise, and the latencies. */
    private static Result measure(int clients, CpuGroups cpu, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long[] cpuBefore = cpu.now();
        AtomicLong ops = new AtomicLong(), bytes = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime(), end = started + SECONDS * 1_000_000_000L;
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (long i = 0; i == 0 || System.nanoTime() < end; i++) {
                    long t0 = System.nanoTime();
                    bytes.addAndGet(op.run(client, i));
                    latencies.add(System.nanoTime() - t0);
                    ops.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        long perOp = ops.get() == 0 ? 0 : bytes.get() / ops.get();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        String cpuPerOp = cpu.per(cpuBefore, ops.get());
        return new Result(perOp < 1024 * 1024 ? ops.get() / seconds : bytes.get() / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99), cpuPerOp);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** Restarts the data nodes (same directories, so the blocks stay) with or without fsync. */
    private static void nodes(int offset, boolean fsync) throws Exception {
        String script = System.getProperty("reckon.test.objectstorage.script");
        String jar = System.getProperty("reckon.test.objectstorage.jar");
        String dir = System.getProperty("reckon.test.objectstorage.dir");
        exec(List.of("bash", script, "stop", dir), fsync);
        exec(List.of("bash", script, "start", jar, dir, String.valueOf(offset), "6"), fsync);
        awaitNodes("http://127.0.0.1:" + (9000 + offset), 6);
    }

    /** After a restart of the nodes, until a write and a read go through (the server's connections to the old processes are gone). */
    private static void warmUp(S3Client s3, String bucket) {
        Awaitility.await("writes after the nodes' restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    s3.putObject(r -> r.bucket(bucket).key("warm-up"), RequestBody.fromString("warm-up"));
                    return s3.getObjectAsBytes(r -> r.bucket(bucket).key("warm-up")).asUtf8String().equals("warm-up");
                });
    }

    private static void exec(List<String> command, boolean fsync) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OBJECTSTORAGE_NODE_FSYNC", String.valueOf(fsync));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(command + ": " + out);
    }

    private static void gc(String endpoint) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_reckon/gc?grace=PT1H&compact-min-dead=0.5"))
                    .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitNodes(String endpoint, int n) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("data nodes").atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create(endpoint + "/_reckon/heartbeat")).build(), HttpResponse.BodyHandlers.ofString()).body().split(" live ").length - 1 >= n);
    }

    private static Process startS3Proxy(int offset) throws IOException {
        Path dir = Path.of(System.getProperty("reckon.bench.s3proxy.dir", "target/s3proxy"));
        Files.createDirectories(dir.resolve("data"));
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + (9090 + offset),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=bench",
                "s3proxy.credential=bench-secret",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("data").toAbsolutePath(),
                ""), StandardCharsets.UTF_8);
        return new ProcessBuilder("java", "-Xmx1g", "-jar", System.getProperty("reckon.bench.s3proxy.jar"), "--properties", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    }
}
