package org.reckon.wallet.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reckon.wallet.domain.Outcome;

/**
 * A partition writer's answer, waited for or taken later, its failures turned into the wallet's
 * exceptions: the writer's own (a {@link PartitionUnavailableException}, say) as they are, no
 * answer within {@value #SECONDS} s as the partition being unavailable.
 */
public final class Answers {

    static final int SECONDS = 30;

    private Answers() {
    }

    public static Outcome await(int partition, CompletableFuture<Outcome> answer) {
        return get(partition, answer);
    }

    /** The answers of a claim and the transfer submitted behind it ({@link PartitionEngine#submitThen}). */
    public static PartitionEngine.Chained awaitChained(int partition, CompletableFuture<PartitionEngine.Chained> answer) {
        return get(partition, answer);
    }

    /**
     * The same answer without a waiting thread: it completes when the writer answers (on the
     * writer's thread: a caller's continuation must be short and must hand anything slow, such as
     * writing an HTTP response, to another thread), or fails as {@link #await} would throw.
     */
    public static <T> CompletableFuture<T> later(int partition, CompletableFuture<T> answer) {
        CompletableFuture<T> mapped = new CompletableFuture<>();
        answer.orTimeout(SECONDS, TimeUnit.SECONDS).whenComplete((value, failure) -> {
            if (failure == null) {
                mapped.complete(value);
            } else {
                mapped.completeExceptionally(failure(partition, failure));
            }
        });
        return mapped;
    }

    private static <T> T get(int partition, CompletableFuture<T> answer) {
        try {
            return answer.get(SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitionUnavailableException(partition, "interrupted");
        } catch (TimeoutException | ExecutionException e) {
            throw failure(partition, e);
        }
    }

    private static RuntimeException failure(int partition, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return new PartitionUnavailableException(partition, "no answer within " + SECONDS + " s");
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new PartitionUnavailableException(partition, String.valueOf(cause));
    }
}
