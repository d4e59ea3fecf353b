package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    void theOnlyServerIsThePrimaryAndItsSingletonTimersRun() throws Exception {
        // only the interceptor asks ClusterMembership.primary() before this test does, and that
        // call sets primarySince: set now means the interceptor stands in front of the timers
        Awaitility.await("a @SingletonWork timer went through the interceptor").atMost(Duration.ofSeconds(20))
                .until(() -> probe().primarySince() != null);
        assertTrue(probe().primary(), "one server is its own cluster's primary");
        assertEquals(1, probe().members().size(), "members: " + probe().members());
        int before = probe().ran();
        Awaitility.await("two more firings of a @SingletonWork timer").atMost(Duration.ofSeconds(20))
                .until(() -> probe().ran() >= before + 2);
        // every firing is counted on the node's metrics, "ran" here (the fault suite's partition case
        // sums them over the nodes to count the work that ran twice)
        int ran = probe().ran();
        Awaitility.await("the probe's firings counted as ran on /prometheus").atMost(Duration.ofSeconds(20))
                .until(() -> counted("SingletonWorkProbe.tick", "ran") >= ran);
        assertEquals(0.0, counted("SingletonWorkProbe.tick", "skipped"), "the only server never skips its singleton work");
    }

    /** reckon_cluster_singleton_work_total{job, outcome} of this server, 0 when the series does not exist. */
    private static double counted(String job, String outcome) throws Exception {
        int managementPort = 9990 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        return metrics.body().lines()
                .filter(line -> line.startsWith("reckon_cluster_singleton_work_total{") && line.contains("job=\"" + job + "\"")
                        && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
