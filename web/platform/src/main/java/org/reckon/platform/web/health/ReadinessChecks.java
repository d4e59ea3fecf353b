package org.reckon.platform.web.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.reckon.platform.database.ReckonDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.reckon.platform.search.SearchGateway;

/**
 * Readiness: one check per database, the broker, and search. Search being down makes the
 * server not ready for search, which the check reports; every other feature keeps working, so
 * a load balancer that needs payments only should look at the database and broker checks.
 */
@ApplicationScoped
public class ReadinessChecks {

    /** Each context's database, as it declares it (ReckonDatabase), with its datasource. */
    private final Map<String, DataSource> databases = new LinkedHashMap<>();

    @PostConstruct
    void lookUpDatabases() {
        for (ReckonDatabase database : ReckonDatabase.all()) {
            try {
                databases.put(database.key(), (DataSource) new InitialContext().lookup(database.dataSourceJndi()));
            } catch (NamingException e) {
                throw new IllegalStateException("Missing " + database.dataSourceJndi() + "; is the server configured by wildfly-config?", e);
            }
        }
    }

    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "java:/jms/queue/DLQ.DomainEvents") // a queue that always exists (a topic cannot be browsed)
    Queue probeQueue;

    @Inject
    SearchGateway search;

    /** One readiness check per context database, named {@code <key>-database}. */
    public List<HealthCheck> databaseChecks() {
        List<HealthCheck> checks = new ArrayList<>();
        databases.forEach((key, dataSource) -> checks.add(() -> database(key + "-database", dataSource)));
        return checks;
    }

    @Produces
    @Readiness
    HealthCheck broker() {
        return () -> check("broker", () -> {
            try (JMSContext context = connectionFactory.createContext()) {
                context.createBrowser(probeQueue).getEnumeration();
                return true;
            }
        });
    }

    @Produces
    @Readiness
    HealthCheck searchCluster() {
        return () -> check("search", search::isAvailable);
    }

    /** False when any context's database cannot give a valid connection now (the error mapper asks after a JDBC failure). */
    public boolean databasesReachable() {
        for (DataSource dataSource : databases.values()) {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(2)) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private static HealthCheckResponse database(String name, DataSource dataSource) {
        return check(name, () -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(2);
            }
        });
    }

    private interface Probe {
        boolean up() throws Exception;
    }

    private static HealthCheckResponse check(String name, Probe probe) {
        try {
            return HealthCheckResponse.named(name).status(probe.up()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named(name).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
