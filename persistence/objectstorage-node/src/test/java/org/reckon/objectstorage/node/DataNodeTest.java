package org.reckon.objectstorage.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataNodeTest {

    @TempDir
    Path dir;

    @Test
    void storesServesAndDeletesBlocksOverHttpAndHeartbeats() throws Exception {
        LinkedBlockingQueue<String> beats = new LinkedBlockingQueue<>();
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/beat", ex -> {
            beats.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        service.start();
        try (DataNode node = new DataNode("n1", "127.0.0.1", 0, dir, 1 << 20, false)
                .start("http://127.0.0.1:" + service.getAddress().getPort() + "/beat", 100)) {
            String beat = beats.poll(10, TimeUnit.SECONDS);
            assertTrue(beat != null && beat.startsWith("id=n1&url=http"), "heartbeat: " + beat);

            HttpClient http = HttpClient.newHttpClient();
            byte[] data = "hello block".getBytes(StandardCharsets.UTF_8);
            var put = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/blocks/abc"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, put.statusCode());
            var get = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/blocks/abc")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, get.statusCode());
            assertArrayEquals(data, get.body());
            var wrongCrc = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/blocks/bad"))
                    .header("X-Reckon-Crc32c", "1").PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(422, wrongCrc.statusCode());
            var del = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/blocks/abc")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, del.statusCode());
            var gone = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/blocks/abc")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, gone.statusCode());
        } finally {
            service.stop(0);
        }
    }

    /**
     * On a cluster a node beats to every server. A server that accepts the connection and never
     * answers (a hung node) must not slow the beats to the other one: with one schedule for both, a
     * beat would come every 2 s (the hung request's timeout) instead of every 100 ms.
     */
    @Test
    void beatsToEveryServerAndAHungServerDoesNotDelayTheOther() throws Exception {
        LinkedBlockingQueue<String> beats = new LinkedBlockingQueue<>();
        HttpServer live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        live.createContext("/beat", ex -> {
            beats.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        live.start();
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                DataNode node = new DataNode("n2", "127.0.0.1", 0, dir, 1 << 20, false)
                        .start("http://127.0.0.1:" + hung.getLocalPort() + "/beat , http://127.0.0.1:" + live.getAddress().getPort() + "/beat", 100)) {
            for (int i = 0; i < 8; i++) {
                String beat = beats.poll(1, TimeUnit.SECONDS);
                assertTrue(beat != null && beat.startsWith("id=n2&url=http"), "beat " + (i + 1) + " to the live server within 1 s: " + beat);
            }
        } finally {
            live.stop(0);
        }
    }

    @Test
    void heartbeatUrlsAreCommaSeparatedHttpUrls() {
        assertEquals(java.util.List.of("http://a:1/b", "http://c:2/d"), DataNode.heartbeatUrls(" http://a:1/b,,http://c:2/d "));
        assertEquals(java.util.List.of(), DataNode.heartbeatUrls(null));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DataNode.heartbeatUrls("http://a:1/b,ftp://c"));
        assertTrue(e.getMessage().contains("--heartbeat-url"), e.getMessage());
    }
}
