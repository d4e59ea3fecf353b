package org.reckon.platform.cluster;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an EJB timeout method ({@code @Schedule} or {@code @Timeout}) as singleton work: on a
 * cluster it runs on exactly one node at a time, the primary ({@link ClusterMembership}); on every
 * other node the timer still fires and returns at once. When the primary dies, the next firing on
 * the new primary does the work, so the work moves with no timer to re-create. On one server
 * (standalone-full, no JGroups) that server is always the primary and nothing changes.
 *
 * <p>Work that must run on EVERY node is not marked: Narayana's recovery scans ({@code RecoveryAtBoot},
 * each node recovers its own branches) and anything that fills a node's own memory.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SingletonWork {
}
