package org.reckon.platform.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs a {@link SingletonWork} timeout only on the cluster's primary node; elsewhere it is skipped.
 * Each firing is counted, {@code reckon_cluster_singleton_work_total{job, outcome="ran"|"skipped"}}
 * on the node's {@code /prometheus}: the sum of "ran" over the nodes against one node's shows how much
 * work ran twice (a network partition makes both halves primary; the fault suite counts it).
 */
@SingletonWork
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class SingletonWorkInterceptor {

    static final String METER = "reckon.cluster.singleton.work";

    @Inject
    ClusterMembership membership;

    @Inject
    MeterRegistry meters;

    @AroundTimeout
    Object onlyOnPrimary(InvocationContext invocation) throws Exception {
        boolean primary = membership.primary();
        // the registry's own counter(...) (as StuckPayments' gauge): WildFly's per-deployment
        // registry forwards those to the exported ones; it returns the existing counter after the first call
        meters.counter(METER, "job", invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName(),
                "outcome", primary ? "ran" : "skipped").increment();
        if (!primary) {
            return null;
        }
        return invocation.proceed();
    }
}
