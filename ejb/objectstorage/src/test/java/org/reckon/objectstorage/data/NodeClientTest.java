package org.reckon.objectstorage.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The block transport against the JDK's HttpServer, a stock HTTP/1.1 server (the data nodes run
 * their own, NodeHttpServer, tested on its own and with this transport by the in-container tests): bodies of
 * every length go out exactly, answers with a length and chunked ones come back exactly,
 * connections are kept alive, a connection the node closed while it idled is replaced, and a node
 * that never answers is given up on at the deadline.
 */
class NodeClientTest {

    /** A node's GET: the answer with its length, or chunked when the path ends in "chunked". */
    private static HttpServer node(byte[] answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", ex -> {
            boolean chunked = ex.getRequestURI().getPath().endsWith("chunked");
            ex.sendResponseHeaders(200, chunked ? 0 : answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
            ex.close();
        });
        server.start();
        return server;
    }

    @Test
    void aPutSendsExactlyTheSliceWhateverItsLengthAndTheConnectionIsKeptAlive() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        List<Integer> ports = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ports.add(ex.getRemoteAddress().getPort());
            received.set(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(201, -1);
            ex.close();
        });
        server.start();
        NodeConnections transport = new NodeConnections();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            byte[] data = new byte[(4 << 20) + 1000];
            new Random(7).nextBytes(data);
            for (int[] slice : new int[][] {{0, data.length}, {1000, 4 << 20}, {17, 4096}, {5, 0}, {0, 65536}, {3, 65537}}) {
                NodeConnections.Answer a = transport.exchange(url, "PUT", "/blocks/x", Map.of("X-Reckon-Crc32c", "1"), data, slice[0],
                        slice[1], 30_000);
                assertEquals(201, a.status());
                assertArrayEquals(Arrays.copyOfRange(data, slice[0], slice[0] + slice[1]), received.get(), "slice " + Arrays.toString(slice));
            }
            assertEquals(1, ports.stream().distinct().count(), "six PUTs one after the other on one kept-alive connection: " + ports);
        } finally {
            transport.close();
            server.stop(0);
        }
    }

    @Test
    void aGetReadsBodiesWithALengthAndChunkedOnes() throws Exception {
        byte[] answer = new byte[300_000];
        new Random(11).nextBytes(answer);
        HttpServer server = node(answer);
        NodeConnections transport = new NodeConnections();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            for (String path : List.of("/blocks/a", "/blocks/a-chunked", "/blocks/b", "/blocks/b-chunked")) {
                NodeConnections.Answer a = transport.exchange(url, "GET", path, Map.of(), null, 0, 0, 30_000);
                assertEquals(200, a.status());
                assertArrayEquals(answer, a.body(), path);
            }
        } finally {
            transport.close();
            server.stop(0);
        }
    }

    @Test
    void aConnectionTheNodeClosedWhileItIdledIsReplacedAndTheRequestSentAgain() throws Exception {
        // a node that answers one request per connection and then closes it without saying so
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        accepted.incrementAndGet();
                        var in = s.getInputStream();
                        // the request's head ends with an empty line; GETs have no body
                        int state = 0;
                        for (int b; state < 4 && (b = in.read()) != -1; ) {
                            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                        }
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            NodeConnections transport = new NodeConnections();
            String url = "http://127.0.0.1:" + listener.getLocalPort();
            for (int i = 0; i < 3; i++) {
                NodeConnections.Answer a = transport.exchange(url, "GET", "/blocks/x", Map.of(), null, 0, 0, 30_000);
                assertEquals("ok", new String(a.body()), "request " + i);
            }
            assertEquals(3, accepted.get(), "each request after the first found its pooled connection closed and opened another");
            transport.close();
        }
    }

    @Test
    void aNodeThatNeverAnswersIsGivenUpOnAtTheDeadline() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    while (true) held.add(listener.accept()); // accepts, never reads, never answers
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            t.setDaemon(true);
            t.start();
            NodeConnections transport = new NodeConnections();
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> transport.exchange("http://127.0.0.1:" + listener.getLocalPort(), "PUT",
                    "/blocks/x", Map.of(), new byte[8 << 20], 0, 8 << 20, 500));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 400 && millis < 10_000, "gave up after " + millis + " ms for a deadline of 500 ms");
            assertTrue(e.getMessage().contains("longer than 500 ms"), e.getMessage());
            transport.close();
            for (Socket s : held) s.close();
        }
    }
}
