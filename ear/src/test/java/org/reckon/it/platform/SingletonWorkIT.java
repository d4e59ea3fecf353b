package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.ReckonDeployment;

/**
 * The singleton work mechanism (issue 16) on the single server of dev, test and prod
 * (standalone-full, no JGroups): WildFly's default membership group is this server alone, so it is
 * the primary and {@code @SingletonWork} timers run as before. (On the two-node cluster the second
 * node skips them: wildfly-config/bin/cluster.sh, benchmark/cluster-failover.sh.)
 */
@ExtendWith(ArquillianExtension.class)
class SingletonWorkIT {

    private static SingletonWorkProbe probe() {
        return Jndi.lookup("java:global/reckon/" + ReckonDeployment.TEST_MODULE_NAME + "/SingletonWorkProbe", SingletonWorkProbe.class);
    }

    @Test
    void theOnlyServerIsThePrimaryAndItsSingletonTimersRun() {
        // only the interceptor asks ClusterMembership.primary() before this test does, and that
        // call sets primarySince: set now means the interceptor stands in front of the timers
        Awaitility.await("a @SingletonWork timer went through the interceptor").atMost(Duration.ofSeconds(20))
                .until(() -> probe().primarySince() != null);
        assertTrue(probe().primary(), "one server is its own cluster's primary");
        assertEquals(1, probe().members().size(), "members: " + probe().members());
        int before = probe().ran();
        Awaitility.await("two more firings of a @SingletonWork timer").atMost(Duration.ofSeconds(20))
                .until(() -> probe().ran() >= before + 2);
    }
}
