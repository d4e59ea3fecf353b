package org.reckon.platform.cluster;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs a {@link SingletonWork} timeout only on the cluster's primary node; elsewhere it is skipped. */
@SingletonWork
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class SingletonWorkInterceptor {

    @Inject
    ClusterMembership membership;

    @AroundTimeout
    Object onlyOnPrimary(InvocationContext invocation) throws Exception {
        if (!membership.primary()) {
            return null;
        }
        return invocation.proceed();
    }
}
