package org.reckon.wallet.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reckon.wallet.domain.Outcome;

/** Waits for a partition writer's answer, turning its failures into the wallet's exceptions. */
public final class Answers {

    private Answers() {
    }

    public static Outcome await(int partition, CompletableFuture<Outcome> answer) {
        return get(partition, answer);
    }

    /** The answers of a claim and the transfer submitted behind it ({@link PartitionEngine#submitThen}). */
    public static PartitionEngine.Chained awaitChained(int partition, CompletableFuture<PartitionEngine.Chained> answer) {
        return get(partition, answer);
    }

    private static <T> T get(int partition, CompletableFuture<T> answer) {
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitionUnavailableException(partition, "interrupted");
        } catch (TimeoutException e) {
            throw new PartitionUnavailableException(partition, "no answer within 30 s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PartitionUnavailableException(partition, String.valueOf(e.getCause()));
        }
    }
}
