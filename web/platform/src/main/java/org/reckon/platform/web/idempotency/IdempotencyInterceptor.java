package org.reckon.platform.web.idempotency;

import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.PersistenceException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.regex.Pattern;
import org.reckon.platform.idempotency.Claim;
import org.reckon.platform.idempotency.Idempotency;
import org.reckon.platform.idempotency.Idempotent;
import org.reckon.platform.idempotency.store.IdempotencyKey;
import org.reckon.platform.idempotency.KeysInFlight;
import org.reckon.platform.idempotency.StoredResponse;
import org.reckon.platform.json.ReckonJson;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * The {@code Idempotency-Key} mechanism of every {@link Idempotent} resource method: the first
 * response to a key is stored and replayed (with {@code Idempotent-Replayed: true}) for the same
 * key, target and body; the same key on another target or with another body is 422; while the
 * first request with a key still runs, another gets 409 and should retry. Keys are per user.
 *
 * <p><b>The transaction boundary.</b> The stored response must commit exactly when the effect
 * does: stored after the effect's commit (a response filter), a crash in between would leave an
 * effect without its answer, and the retry would do it twice; stored in a transaction of its own
 * before, a failed effect would be replayed as a success. So the claim is made first, in its own
 * short transaction (a second request must see it at once, to answer 409), and then
 * {@link Idempotency#runAndStore} opens ONE transaction around the resource method itself: the
 * use cases it calls are {@code REQUIRED} EJBs and join it instead of committing on their own,
 * and the response the method returns is stored in it too, in the context's own database, before
 * it commits. Either the effect and its stored answer commit together (two-phase when the effect
 * spans other databases or the broker), or neither does and the claim is released, so a retry
 * runs the request again. A remote call the use case makes (the PSP's refund) is made inside that
 * transaction, as it was when the use case held it; the PSP call itself is keyed, so a retry
 * after a rollback is answered once. The interceptor runs after Bean Validation, so a request
 * refused as invalid never claims a key.
 *
 * <p>Methods that opt in return {@link Response}; the replay is rebuilt from the status, the JSON
 * body and the Location header.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 900)
public class IdempotencyInterceptor {

    public static final String HEADER = "Idempotency-Key";
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    HttpServletRequest request;

    @Inject
    KeysInFlight inFlight;

    @EJB
    Idempotency idempotency;

    @AroundInvoke
    public Object once(InvocationContext ctx) throws Exception {
        Idempotent opted = binding(ctx.getMethod());
        String header = request.getHeader(HEADER);
        if (header == null || header.isBlank()) {
            if (!opted.required()) {
                return ctx.proceed();
            }
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must not be blank", HEADER);
        }
        if (!KEY.matcher(header).matches()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be 1 to 255 visible ASCII characters", HEADER);
        }
        String database = opted.database();
        String principal = request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName();
        IdempotencyKey key = new IdempotencyKey(principal, header);
        inFlight.enter(key);
        try {
            Claim claim = claim(database, key, Idempotency.hash(RequestIdentity.of(request, ctx)));
            if (claim instanceof Claim.Replay replay) {
                return replayed(replay.response());
            }
            if (claim instanceof Claim.InProgress) {
                throw new ReckonException(ErrorCode.CONFLICT,
                        "a request with this Idempotency-Key is still being processed; retry shortly", HEADER);
            }
            if (claim instanceof Claim.Mismatch) {
                throw new ReckonException(ErrorCode.UNPROCESSABLE,
                        "this Idempotency-Key was used for a different request", HEADER);
            }
            try {
                return idempotency.runAndStore(database, key, ctx::proceed, IdempotencyInterceptor::stored);
            } catch (Idempotency.WorkFailed failed) {
                Exception cause = (Exception) failed.getCause();
                release(database, key, cause);
                throw cause;
            } catch (RuntimeException e) { // the commit itself failed: nothing was done
                release(database, key, e);
                throw e;
            }
        } finally {
            inFlight.leave(key);
        }
    }

    private static Idempotent binding(Method method) {
        Idempotent opted = method.getAnnotation(Idempotent.class);
        if (opted == null) {
            opted = method.getDeclaringClass().getAnnotation(Idempotent.class);
        }
        if (opted == null || opted.database().isEmpty() || !Response.class.isAssignableFrom(method.getReturnType())) {
            throw new IllegalStateException(method + ": @Idempotent needs a database and a Response return type");
        }
        return opted;
    }

    static StoredResponse stored(Object result) {
        Response response = (Response) result;
        Object entity = response.getEntity();
        String body = entity == null ? null : entity instanceof String s ? s : ReckonJson.toJson(entity);
        return new StoredResponse(response.getStatus(), body,
                response.getLocation() == null ? null : response.getLocation().toString());
    }

    static Response replayed(StoredResponse stored) {
        Response.ResponseBuilder replay = Response.status(stored.status()).header("Idempotent-Replayed", "true");
        if (stored.body() != null) {
            replay.type(MediaType.APPLICATION_JSON).entity(stored.body());
        }
        if (stored.location() != null) {
            replay.header("Location", stored.location());
        }
        return replay.build();
    }

    private Claim claim(String database, IdempotencyKey key, String hash) {
        try {
            return idempotency.claim(database, key, hash);
        } catch (EJBException | PersistenceException e) {
            if (duplicateKey(e)) {
                return new Claim.InProgress(); // a concurrent first request inserted the same key a moment earlier
            }
            throw e; // anything else (the database is down, say) is not a conflict
        }
    }

    /**
     * Frees the key of a request that failed, so a retry runs it. When even that cannot reach the
     * database, the client still hears the first failure, and the claim left behind is abandoned
     * (this request no longer runs): the next attempt on this server takes it over at once.
     */
    private void release(String database, IdempotencyKey key, Exception failure) {
        try {
            idempotency.release(database, key);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** True when the failure is the idempotency record's primary key violated (SQLSTATE 23505). */
    static boolean duplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
