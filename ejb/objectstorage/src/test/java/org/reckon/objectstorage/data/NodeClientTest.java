package org.reckon.objectstorage.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The request body that wraps a block's array instead of copying it sends exactly the slice asked for. */
class NodeClientTest {

    @Test
    void theWrappingBodySendsExactlyTheSliceWhateverItsLength() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            received.set(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(201, -1);
            ex.close();
        });
        server.start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] data = new byte[(4 << 20) + 1000];
            new Random(7).nextBytes(data);
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/blocks/x");
            for (int[] slice : new int[][] {{0, data.length}, {1000, 4 << 20}, {17, 4096}, {5, 0}, {0, 65536}, {3, 65537}}) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).PUT(NodeClient.wrapping(data, slice[0], slice[1])).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertEquals(201, r.statusCode());
                assertArrayEquals(Arrays.copyOfRange(data, slice[0], slice[0] + slice[1]), received.get(), "slice " + Arrays.toString(slice));
            }
        } finally {
            server.stop(0);
        }
    }
}
