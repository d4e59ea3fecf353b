package org.reckon.platform.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A waiting GET's reads ({@link LongPoll}): one first read, then one per signal; early re-reads
 * without a signal only on a cluster, where another node's commits send none here.
 */
class LongPollWaitTest {

    private static final String KEY = "order:1";

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    private final LongPoll longPoll = new LongPoll();
    private final AtomicReference<String> state = new AtomicReference<>("EXECUTING");
    private final AtomicInteger reads = new AtomicInteger();
    private final CompletableFuture<Object> answered = new CompletableFuture<>();

    @BeforeEach
    void scheduler() {
        longPoll.scheduler = (ManagedScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                    try {
                        return executor.getClass().getMethod(method.getName(), method.getParameterTypes()).invoke(executor, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private AsyncResponse async() {
        return async(answered);
    }

    /** The suspended request's side: what LongPoll resumes it with lands in {@code answer}; LongPoll calls nothing else. */
    private AsyncResponse async(CompletableFuture<Object> answer) {
        return (AsyncResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("resume")) {
                        return answer.complete(args[0]);
                    }
                    throw new AssertionError("LongPoll called AsyncResponse." + method.getName() + ", which it must not");
                });
    }

    private String read() {
        reads.incrementAndGet();
        return state.get();
    }

    private String tagOf(String representation) {
        return "W/\"" + LongPoll.tagValue(representation) + "\"";
    }

    private Response answer() throws Exception {
        return (Response) answered.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void onAServerAloneAWaiterReadsOnceAndThenOnlyWhenSignalled() throws Exception {
        longPoll.clustered = () -> false;
        longPoll.answer(async(), KEY, this::read, tagOf("EXECUTING"), "wait=5");
        assertEquals(1, reads.get(), "one read when the wait begins");
        assertEquals(1, longPoll.waiting());

        // no re-reads at 100, 200 and 400 ms: this server's commits all signal
        Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofMillis(900)).until(() -> reads.get() == 1 && !answered.isDone());

        longPoll.changed(KEY); // a change of another field the representation does not show
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> reads.get() >= 2);
        assertFalse(answered.isDone(), "the same representation: still waiting");

        state.set("SUCCESS");
        longPoll.changed(KEY);
        Response r = answer();
        assertEquals(200, r.getStatus());
        assertEquals("SUCCESS", r.getEntity());
        assertEquals(LongPoll.tagValue("SUCCESS"), r.getEntityTag().getValue());
        assertEquals(0, longPoll.waiting(), "the waiter is gone");
    }

    @Test
    void aChangeAnnouncedWhileTheFirstReadRunsIsReadAgain() throws Exception {
        longPoll.clustered = () -> false;
        // the first read's snapshot is EXECUTING; the change commits and signals before the read returns
        longPoll.answer(async(), KEY, () -> {
            String seen = read();
            if (reads.get() == 1) {
                state.set("SUCCESS");
                longPoll.changed(KEY);
            }
            return seen;
        }, tagOf("EXECUTING"), "wait=10");
        Response r = answer();
        assertEquals(200, r.getStatus());
        assertEquals("SUCCESS", r.getEntity());
        assertEquals(2, reads.get(), "read again once, on the signal, not at the one-second re-read");
    }

    @Test
    void onAClusterAWaiterReadsAgainSoonWithoutASignal() throws Exception {
        longPoll.clustered = () -> true;
        longPoll.answer(async(), KEY, this::read, tagOf("EXECUTING"), "wait=10");
        long changedAt = System.nanoTime();
        state.set("SUCCESS"); // committed on another node: no signal here
        Response r = answer();
        long millis = (System.nanoTime() - changedAt) / 1_000_000;
        assertEquals(200, r.getStatus());
        assertEquals("SUCCESS", r.getEntity());
        org.junit.jupiter.api.Assertions.assertTrue(millis < 900, "seen at an early re-read, not the one-second one: " + millis + " ms");
    }

    @Test
    void withoutAWaitOrWithAnotherTagTheAnswerIsImmediateAndNothingWaits() throws Exception {
        longPoll.clustered = () -> false;
        longPoll.answer(async(), KEY, this::read, tagOf("EXECUTING"), null);
        assertEquals(304, answer().getStatus());
        assertEquals(0, longPoll.waiting());

        CompletableFuture<Object> second = new CompletableFuture<>();
        longPoll.answer(async(second), KEY, this::read, "W/\"another\"", "wait=10");
        Response r = (Response) second.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, r.getStatus());
        assertEquals("EXECUTING", r.getEntity());
        assertEquals(0, longPoll.waiting(), "an answer given at once leaves no waiter");
        assertEquals(2, reads.get());
    }
}
