package org.reckon.platform.idempotency;

import org.reckon.platform.idempotency.store.IdempotencyRecord;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opts a JAX-RS resource method into the platform's {@code Idempotency-Key} handling: the first
 * response to a key is stored, in the context's own database ({@link #database}, a
 * {@code ReckonDatabase} key), in the same transaction as the method's effect, and replayed for
 * the same key, target and body. The interceptor that does it lives in the web platform
 * ({@code org.reckon.platform.web.idempotency.IdempotencyInterceptor}); the database named must
 * hold the {@code idempotency_record} table and list {@link IdempotencyRecord} in its unit.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Idempotent {

    /** The context's database that stores the keys, e.g. {@code "payment"}. */
    @Nonbinding
    String database() default "";

    /** Without the header: false runs the method as usual, true answers 400. */
    @Nonbinding
    boolean required() default true;
}
