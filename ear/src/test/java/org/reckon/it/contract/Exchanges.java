package org.reckon.it.contract;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Where the suite's HTTP calls hand each exchange to {@link OpenApiContract}. */
public final class Exchanges {

    private Exchanges() {
    }

    /**
     * True in the failsafe JVM (the client side of the suite, where failsafe sets
     * {@code reckon.ear.file}) and in the test server (started with {@code reckon.test.base.url}),
     * whose deployment carries the validator: in-container tests' exchanges are checked too. The
     * benchmarks turn it off ({@code reckon.it.openapi.skip}).
     */
    public static boolean enabled() {
        return (System.getProperty("reckon.ear.file") != null || System.getProperty("reckon.test.base.url") != null)
                && !Boolean.getBoolean("reckon.it.openapi.skip");
    }

    public static void check(String baseUrl, HttpRequest request, HttpResponse<String> response) {
        OpenApiContract.served(baseUrl).check(request, body(request), response);
    }

    /** The request body as sent (the publishers the suite uses replay their bytes to each subscriber). */
    static String body(HttpRequest request) {
        HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null || publisher.contentLength() == 0) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the request body back", e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
