package org.reckon.platform.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the JVM can still allocate. Down when, after the last collection, less than 2 % of
 * the maximum heap is free: a server in that state only thrashes and should be restarted.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    static final double MIN_FREE_RATIO = 0.02;

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long max = runtime.maxMemory();
        double free = 1.0 - (double) used / max;
        return HealthCheckResponse.named("heap")
                .status(free >= MIN_FREE_RATIO)
                .withData("used_bytes", used)
                .withData("max_bytes", max)
                .build();
    }
}
