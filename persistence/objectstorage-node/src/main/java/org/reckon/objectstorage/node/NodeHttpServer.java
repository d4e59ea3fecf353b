package org.reckon.objectstorage.node;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data node's HTTP/1.1 server: blocking sockets, one thread per connection, each request read,
 * handled and answered on that thread, connections kept alive. The object-storage service keeps a
 * pool of connections per node and sends one request at a time on each, so a connection's thread
 * is all a request needs. The JDK's HttpServer, used before, passed every request from its
 * dispatcher (selector) thread to a worker and the connection back, and formatted a Date header
 * for every answer: in the object-storage benchmark's profile of a 4 KiB GET most of the node's
 * samples were that server's own work (sendResponseHeaders and its DateTimeFormatter, Request
 * parsing, the dispatcher).
 *
 * <p>What it takes: a request line, headers (8 KiB at most), and a body of the length that
 * Content-Length gives (none without it; a chunked body is refused with 411). What it answers: a
 * status, headers and a body with its Content-Length. HTTP/1.1 connections stay open unless the
 * client says {@code Connection: close}; HTTP/1.0 ones close. A connection idle for 30 s is closed,
 * and at most {@value #MAX_CONNECTIONS} are served at once (one more is answered 503 and closed).
 */
final class NodeHttpServer implements AutoCloseable {

    /** One request: method, path (without the query), the raw query (or null), headers by lower-case name, the body. */
    record Request(String method, String path, String query, Map<String, String> headers, InputStream body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer; body null for none (a HEAD answer may still give the length of what a GET would send). */
    record Answer(int status, Map<String, String> headers, byte[] body, long headLength) {

        static Answer text(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body == null ? null : body.getBytes(StandardCharsets.UTF_8), -1);
        }

        static Answer empty(int status) {
            return new Answer(status, Map.of(), null, -1);
        }
    }

    @FunctionalInterface
    interface Handler {
        Answer handle(Request request) throws IOException;
    }

    static final int MAX_CONNECTIONS = 512;
    private static final int MAX_HEAD = 8 * 1024;
    private static final int IDLE_MILLIS = 30_000;

    private final ServerSocket socket;
    private final Handler handler;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-http");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger serving = new AtomicInteger();
    private volatile boolean closed;

    NodeHttpServer(String host, int port, int backlog, Handler handler) throws IOException {
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(host, port), backlog);
        this.handler = handler;
    }

    int port() {
        return socket.getLocalPort();
    }

    void start() {
        // not a daemon: it keeps the node's process alive once main() has returned, until close()
        Thread acceptor = new Thread(this::accept, "node-http-accept");
        acceptor.start();
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            if (serving.incrementAndGet() > MAX_CONNECTIONS) {
                serving.decrementAndGet();
                turnAway(s);
                continue;
            }
            open.add(s);
            connections.execute(() -> {
                try {
                    serve(s);
                } finally {
                    open.remove(s);
                    serving.decrementAndGet();
                    closeQuietly(s);
                }
            });
        }
    }

    private static void turnAway(Socket s) {
        try (s) {
            s.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // it is being closed anyway
        }
    }

    /** Requests of one connection, one after the other, until either side closes it. */
    private void serve(Socket s) {
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(IDLE_MILLIS);
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            while (!closed) {
                String requestLine;
                Map<String, String> headers = new HashMap<>();
                try {
                    requestLine = line(in, true);
                    if (requestLine == null) return; // the client closed it between requests
                    int headBytes = requestLine.length();
                    for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
                        headBytes += h.length() + 2;
                        if (headBytes > MAX_HEAD) throw new TooLarge();
                        int colon = h.indexOf(':');
                        if (colon > 0) headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(), (a, b) -> a + "," + b);
                    }
                } catch (TooLarge e) {
                    // refuse() reads and drops the rest of the head, so the answer is not lost to a reset
                    refuse(s, in, out, Answer.text(431, "request head too large"));
                    return;
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    refuse(s, in, out, Answer.text(400, "bad request line"));
                    return;
                }
                String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
                boolean keepAlive = parts[2].equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
                if (headers.containsKey("transfer-encoding")) {
                    refuse(s, in, out, Answer.text(411, "Content-Length required"));
                    return;
                }
                long length;
                try {
                    length = Long.parseLong(headers.getOrDefault("content-length", "0"));
                } catch (NumberFormatException e) {
                    length = -1;
                }
                if (length < 0) {
                    refuse(s, in, out, Answer.text(400, "bad Content-Length"));
                    return;
                }
                Bounded body = new Bounded(in, length);
                String target = parts[1];
                int q = target.indexOf('?');
                Request request = new Request(parts[0], q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), headers, body);
                Answer answer;
                try {
                    answer = handler.handle(request);
                } catch (IOException | RuntimeException e) {
                    if (body.failed) return; // the client's body broke off: nothing to answer on this connection
                    answer = Answer.text(500, String.valueOf(e));
                }
                // what the handler left of the body is read, so that the next request starts where it should
                if (!body.drain()) keepAlive = false;
                write(out, answer, parts[0].equals("HEAD"), !keepAlive);
                if (!keepAlive) return;
            }
        } catch (SocketTimeoutException | SocketException | EOFException e) {
            // idle too long, reset, or cut short by the client: the connection ends
        } catch (IOException e) {
            // the same: this connection is over, the server goes on
        }
    }

    /**
     * Answers a request that cannot be read on, then ends the connection: the output is shut first and
     * what the client still sends is read and dropped (for a second at most), since closing a socket with
     * unread input resets it, and a reset can discard the answer before the client reads it.
     */
    private static void refuse(Socket s, InputStream in, OutputStream out, Answer a) throws IOException {
        write(out, a, false, true);
        s.shutdownOutput();
        s.setSoTimeout(1_000);
        byte[] sink = new byte[8192];
        long dropped = 0;
        try {
            for (int n; dropped < (1 << 20) && (n = in.read(sink)) >= 0; ) dropped += n;
        } catch (IOException e) {
            // timed out or reset: closed below
        }
    }

    private static void write(OutputStream out, Answer a, boolean head, boolean close) throws IOException {
        StringBuilder h = new StringBuilder(128).append("HTTP/1.1 ").append(a.status()).append(' ').append(reason(a.status())).append("\r\n");
        a.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        if (a.status() != 204 && a.status() != 304) {
            long length = a.body() != null ? a.body().length : head && a.headLength() >= 0 ? a.headLength() : 0;
            h.append("Content-Length: ").append(length).append("\r\n");
        }
        if (close) h.append("Connection: close\r\n");
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head && a.body() != null && a.status() != 204 && a.status() != 304) out.write(a.body());
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 422 -> "Unprocessable Entity";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** A line of the request's head longer than the head may be. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("request head too large");
        }
    }

    /**
     * A line up to CRLF (or LF), ISO-8859-1; null at the stream's end before any byte when
     * {@code requestLine}. A line longer than the head may be is refused with TooLarge.
     */
    private static String line(InputStream in, boolean requestLine) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (requestLine && b.size() == 0) return null;
                throw new EOFException("request cut short");
            }
            if (c == '\n') break;
            if (b.size() > MAX_HEAD) throw new TooLarge();
            b.write(c);
        }
        byte[] bytes = b.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The request's body: exactly Content-Length bytes of the connection, never more. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;
        boolean failed;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int c = in.read();
            if (c < 0) {
                failed = true;
                throw new EOFException("body cut short");
            }
            left--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, left));
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n < 0) {
                failed = true;
                throw new EOFException("body cut short");
            }
            left -= n;
            return n;
        }

        /** Reads what is left (a body the handler refused without reading); false when the connection cannot go on. */
        boolean drain() {
            if (failed) return false;
            if (left == 0) return true;
            if (left > 4 << 20) return false; // not worth reading: the connection closes instead
            byte[] sink = new byte[8192];
            try {
                while (left > 0) {
                    if (read(sink, 0, sink.length) < 0) return false;
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
        for (Socket s : open) closeQuietly(s);
        connections.shutdownNow();
    }
}
