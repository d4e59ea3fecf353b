package org.reckon.objectstorage.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The block requests' transport to the data nodes: HTTP/1.1 on plain blocking sockets, kept alive
 * in a pool per node, each exchange done on the caller's thread. The JDK's HttpClient passes every
 * exchange through its selector thread and its executor and back: on a 4 KiB block that hand-off
 * cost more than the node's own work (the node round trip of a 4 KiB GET was 1.5 ms, the node's
 * part microseconds). Only what the data node's block interface needs: a request with a
 * Content-Length body or none, an answer with a Content-Length or chunked body.
 * <p>
 * An exchange that outlives its deadline has its socket closed (a node that stopped reading
 * would otherwise hold a writer for ever); a connection that failed is never reused; a request
 * sent on a pooled connection that the node had closed meanwhile is sent once more on a fresh one
 * (block PUTs and GETs are idempotent).
 */
final class NodeConnections {

    /** A node's answer. */
    record Answer(int status, byte[] body) {
    }

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10); // the JDK HttpServer closes idle ones after 30 s
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "objectstorage-node-deadlines");
        t.setDaemon(true);
        return t;
    });

    private static final class Connection {
        final String authority;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;

        Connection(String authority, Socket socket) throws IOException {
            this.authority = authority;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket
            }
        }
    }

    /** Sends {@code method path} with {@code body[offset, offset+length)} (null: no body), answers the node's reply. */
    Answer exchange(String nodeUrl, String method, String path, Map<String, String> headers, byte[] body, int offset, int length,
                    long timeoutMillis) throws IOException {
        URI uri = URI.create(nodeUrl);
        String authority = uri.getHost() + ":" + uri.getPort();
        Connection pooled = take(authority);
        if (pooled != null) {
            try {
                return exchange(pooled, uri, method, path, headers, body, offset, length, timeoutMillis, true);
            } catch (StaleConnection e) {
                // the node closed it while it idled: once more on a fresh connection
            }
        }
        return exchange(open(uri, authority), uri, method, path, headers, body, offset, length, timeoutMillis, false);
    }

    /** A pooled connection failed before any byte of an answer came back. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    private Answer exchange(Connection c, URI uri, String method, String path, Map<String, String> headers, byte[] body, int offset,
                            int length, long timeoutMillis, boolean reused) throws IOException {
        // the flag is set before the socket is closed: a FutureTask that is still running counts as
        // not done, so cancel() alone could not tell a deadline that is closing the socket from none
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            c.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        boolean answered = false;
        try {
            StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            head.append("\r\n");
            c.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null && length > 0) {
                c.out.write(body, offset, length);
            }
            c.out.flush();
            String status = line(c.in);
            if (status == null) {
                throw new EOFException("the node closed the connection before answering");
            }
            answered = true;
            Answer answer = read(c, status, method);
            deadline.cancel(false);
            return answer;
        } catch (IOException | RuntimeException e) {
            deadline.cancel(false);
            boolean timedOut = expired.get();
            c.close();
            if (timedOut) {
                throw new IOException(method + " " + path + " on " + uri + " took longer than " + timeoutMillis + " ms", e);
            }
            if (e instanceof RuntimeException) {
                throw new IOException("the node's answer to " + method + " " + path + " on " + uri + " is not HTTP/1.1: " + e, e);
            }
            if (reused && !answered) {
                throw new StaleConnection((IOException) e);
            }
            throw (IOException) e;
        }
    }

    private Answer read(Connection c, String statusLine, String method) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        for (String h = line(c.in); h != null && !h.isEmpty(); h = line(c.in)) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = chunked(c.in);
        } else if (contentLength >= 0) {
            body = c.in.readNBytes((int) contentLength);
            if (body.length != contentLength) {
                throw new EOFException("the node's answer ended after " + body.length + " of " + contentLength + " bytes");
            }
        } else {
            body = c.in.readAllBytes(); // delimited by the connection's end
            close = true;
        }
        if (close) {
            c.close();
        } else {
            give(c);
        }
        return new Answer(status, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new EOFException("chunked answer cut short");
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not used
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException("chunk cut short");
            }
            out.write(chunk);
            line(in); // the CRLF after the chunk
        }
    }

    /** One CRLF-terminated line (ISO-8859-1), or null at the stream's end before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = s.length();
                if (end > 0 && s.charAt(end - 1) == '\r') {
                    s.setLength(end - 1);
                }
                return s.toString();
            }
            s.append((char) b);
        }
        return s.length() == 0 ? null : s.toString();
    }

    private Connection take(String authority) {
        Deque<Connection> q = idle.get(authority);
        if (q == null) {
            return null;
        }
        for (Connection c; (c = q.pollFirst()) != null; ) {
            if (System.nanoTime() - c.idleSince < IDLE_NANOS && !c.socket.isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void give(Connection c) {
        c.idleSince = System.nanoTime();
        idle.computeIfAbsent(c.authority, k -> new ConcurrentLinkedDeque<>()).addFirst(c);
    }

    private static Connection open(URI uri, String authority) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MILLIS);
            return new Connection(authority, s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof SocketException ? new SocketException("node " + uri + ": " + e.getMessage()) : e;
        }
    }

    /** Closes every idle connection (undeploy). */
    void close() {
        idle.values().forEach(q -> {
            for (Connection c; (c = q.pollFirst()) != null; ) {
                c.close();
            }
        });
        deadlines.shutdownNow();
    }
}
