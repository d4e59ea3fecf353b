package org.reckon.it.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.reckon.platform.cluster.ClusterMembership;
import org.reckon.platform.cluster.SingletonWork;

/**
 * A timer marked {@link SingletonWork}, as the sweeps are: every 500 ms it counts a firing that the
 * interceptor let through. On the suite's single server it is the primary, so every firing counts.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SingletonWorkProbe {

    private final AtomicInteger ran = new AtomicInteger();

    @Resource
    TimerService timers;

    @Inject
    ClusterMembership membership;

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(500, 500, new TimerConfig("singleton-work probe", false));
    }

    @SingletonWork
    @Timeout
    void tick() {
        ran.incrementAndGet();
    }

    public int ran() {
        return ran.get();
    }

    public boolean primary() {
        return membership.primary();
    }

    public List<String> members() {
        return membership.members();
    }

    public Instant primarySince() {
        return membership.primarySince();
    }
}
