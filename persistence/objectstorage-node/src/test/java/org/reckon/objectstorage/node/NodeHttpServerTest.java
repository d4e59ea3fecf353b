package org.reckon.objectstorage.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data node's HTTP/1.1 server on real sockets: keep-alive, bodies read exactly, what it refuses, and how connections end. */
class NodeHttpServerTest {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private NodeHttpServer server;

    @BeforeEach
    void start() throws IOException {
        // echoes the body of a PUT with its length; "/refuse" answers 400 without reading the body
        server = new NodeHttpServer("127.0.0.1", 0, 16, r -> {
            seen.add(r.method() + " " + r.path() + (r.query() == null ? "" : "?" + r.query()));
            if (r.path().equals("/refuse")) return NodeHttpServer.Answer.text(400, "refused");
            if (r.path().equals("/fail")) throw new IllegalStateException("boom");
            byte[] body = r.body().readAllBytes();
            return r.method().equals("HEAD") ? new NodeHttpServer.Answer(200, Map.of(), null, 1234)
                    : new NodeHttpServer.Answer(200, Map.of("X-Length", Integer.toString(body.length)), body, -1);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One answer read off the connection: status line, headers, and the body its Content-Length gives. */
    private record Read(String status, Map<String, String> headers, String body) {}

    private static Read read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        Map<String, String> headers = new java.util.HashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).toLowerCase(), h.substring(c + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = head ? "" : new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        return new Read(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new java.io.EOFException("connection closed");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5_000);
        return s;
    }

    @Test
    void requestsFollowOneAnotherOnAKeptAliveConnectionAndBodiesAreReadExactly() throws Exception {
        try (Socket s = connect()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            // two requests written at once: the first body must end exactly at its Content-Length
            s.getOutputStream().write(("PUT /blocks/a?x=1 HTTP/1.1\r\nHost: n\r\nContent-Length: 5\r\n\r\nhello"
                    + "PUT /blocks/b HTTP/1.1\r\nHost: n\r\nContent-Length: 3\r\n\r\nbye").getBytes(StandardCharsets.ISO_8859_1));
            Read first = read(in, false);
            Read second = read(in, false);
            assertEquals("HTTP/1.1 200 OK", first.status());
            assertEquals("hello", first.body());
            assertEquals("bye", second.body());
            assertEquals(List.of("PUT /blocks/a?x=1", "PUT /blocks/b"), seen);
            // a body the handler did not read is skipped: the next request on the connection is read whole
            s.getOutputStream().write(("PUT /refuse HTTP/1.1\r\nContent-Length: 4\r\n\r\nxxxx"
                    + "HEAD /h HTTP/1.1\r\n\r\n" + "GET /g HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Read refused = read(in, false);
            assertEquals("HTTP/1.1 400 Bad Request", refused.status());
            assertEquals("refused", refused.body());
            Read head = read(in, true);
            assertEquals("1234", head.headers().get("content-length"), "a HEAD gives the length a GET would send, and no body");
            Read get = read(in, false);
            assertEquals("0", get.headers().get("x-length"));
            assertEquals(List.of("PUT /blocks/a?x=1", "PUT /blocks/b", "PUT /refuse", "HEAD /h", "GET /g"), seen);
        }
    }

    @Test
    void aHandlerFailureIsA500AndTheConnectionGoesOn() throws Exception {
        try (Socket s = connect()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            s.getOutputStream().write("GET /fail HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Read failed = read(in, false);
            assertEquals("HTTP/1.1 500 Internal Server Error", failed.status());
            assertTrue(failed.body().contains("boom"), failed.body());
            assertEquals("HTTP/1.1 200 OK", read(in, false).status());
        }
    }

    @Test
    void chunkedBodiesBadLinesAndHugeHeadersAreRefusedAndTheConnectionClosed() throws Exception {
        for (String[] c : new String[][] {
                {"PUT /blocks/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "HTTP/1.1 411 Length Required"},
                {"NONSENSE\r\n\r\n", "HTTP/1.1 400 Bad Request"},
                {"PUT /blocks/a HTTP/1.1\r\nContent-Length: -3\r\n\r\n", "HTTP/1.1 400 Bad Request"},
                {"GET / HTTP/1.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n", "HTTP/1.1 431 Request Header Fields Too Large"}}) {
            try (Socket s = connect()) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                s.getOutputStream().write(c[0].getBytes(StandardCharsets.ISO_8859_1));
                Read answer = read(in, false);
                assertEquals(c[1], answer.status());
                assertEquals("close", answer.headers().get("connection"));
                assertEquals(-1, in.read(), "the server closed the connection");
            }
        }
        assertEquals(List.of(), seen, "no handler ran");
    }

    @Test
    void connectionCloseAndHttp10EndTheConnectionAfterTheAnswer() throws Exception {
        for (String request : new String[] {"GET /a HTTP/1.1\r\nConnection: close\r\n\r\n", "GET /b HTTP/1.0\r\n\r\n"}) {
            try (Socket s = connect()) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                assertEquals("HTTP/1.1 200 OK", read(in, false).status());
                assertEquals(-1, in.read());
            }
        }
    }

    @Test
    void theJdkHttpClientTalksToIt() throws Exception {
        // the heartbeat's client, the tests' and the operators' tools (curl) use a stock client
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/blocks/x" + i))
                    .PUT(HttpRequest.BodyPublishers.ofString("body " + i)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("body " + i, r.body());
        }
    }
}
