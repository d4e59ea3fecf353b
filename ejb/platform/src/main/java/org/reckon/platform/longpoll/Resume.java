package org.reckon.platform.longpoll;

import jakarta.ws.rs.container.AsyncResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A suspended request answered by a {@link CompletionStage}: resumed with its value, or with its
 * failure (unwrapped from the stage's {@link CompletionException}) so that the usual exception
 * mappers answer it as if the resource method had thrown it. Waiting for the stage holds no
 * thread.
 */
public final class Resume {

    private Resume() {
    }

    /** Resumes on the thread that completes {@code answer}: for answers completed outside any lock and off any hot loop. */
    public static void when(AsyncResponse async, CompletionStage<?> answer) {
        answer.whenComplete((value, failure) -> resume(async, value, failure));
    }

    /**
     * Resumes on {@code on}: for answers completed on a thread that must not write responses (a
     * partition's writer, say, which would hold its next batch for it).
     */
    public static void when(AsyncResponse async, CompletionStage<?> answer, Executor on) {
        answer.whenCompleteAsync((value, failure) -> resume(async, value, failure), on);
    }

    private static void resume(AsyncResponse async, Object value, Throwable failure) {
        if (failure == null) {
            async.resume(value);
            return;
        }
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        async.resume(cause);
    }
}
