package org.reckon.platform.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.AsyncResponse;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A suspended request resumed from a {@link java.util.concurrent.CompletionStage} ({@link Resume}). */
class ResumeTest {

    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor(r -> new Thread(r, "elsewhere"));

    /** What the request was resumed with, and on which thread. */
    private record Resumed(Object with, String thread) {
    }

    private final CompletableFuture<Resumed> resumed = new CompletableFuture<>();

    private final AsyncResponse async = (AsyncResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AsyncResponse.class}, (proxy, method, args) -> {
                if (!method.getName().equals("resume")) {
                    throw new AssertionError("Resume called AsyncResponse." + method.getName());
                }
                assertFalse(resumed.isDone(), "resumed once");
                resumed.complete(new Resumed(args[0], Thread.currentThread().getName()));
                return true;
            });

    @AfterEach
    void stop() {
        elsewhere.shutdownNow();
    }

    @Test
    void aValueResumesTheRequestOnTheThreadThatCompletesIt() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Resume.when(async, answer.thenApply(String::toUpperCase));
        assertFalse(resumed.isDone(), "nothing before the answer");
        Thread completer = new Thread(() -> answer.complete("done"), "completer");
        completer.start();
        Resumed r = resumed.get(5, TimeUnit.SECONDS);
        assertEquals("DONE", r.with());
        assertEquals("completer", r.thread());
    }

    @Test
    void aFailureThroughADerivedStageResumesWithTheExceptionItself() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        IllegalStateException own = new IllegalStateException("the item's own error");
        Resume.when(async, answer.thenApply(String::toUpperCase));
        answer.completeExceptionally(own);
        Resumed r = resumed.get(5, TimeUnit.SECONDS);
        assertSame(own, r.with(), "unwrapped from the derived stage's CompletionException, for the exception mappers");
    }

    @Test
    void withAnExecutorTheRequestIsResumedThereNotOnTheCompletingThread() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Resume.when(async, answer, elsewhere);
        answer.complete("done");
        Resumed r = resumed.get(5, TimeUnit.SECONDS);
        assertEquals("done", r.with());
        assertEquals("elsewhere", r.thread());

        CompletableFuture<Resumed> second = new CompletableFuture<>();
        RuntimeException own = new RuntimeException("thrown in a continuation");
        AsyncResponse other = (AsyncResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncResponse.class}, (proxy, method, args) -> {
                    second.complete(new Resumed(args[0], Thread.currentThread().getName()));
                    return true;
                });
        Resume.when(other, CompletableFuture.completedFuture("x").thenApply(x -> {
            throw own;
        }), elsewhere);
        Resumed failed = second.get(5, TimeUnit.SECONDS);
        assertSame(own, failed.with());
        assertTrue(failed.thread().equals("elsewhere"));
    }
}
