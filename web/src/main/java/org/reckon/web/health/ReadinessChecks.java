package org.reckon.web.health;

import jakarta.annotation.Resource;
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

    @Resource(lookup = "java:jboss/datasources/PaymentDS")
    DataSource paymentDataSource;

    @Resource(lookup = "java:jboss/datasources/LedgerDS")
    DataSource ledgerDataSource;

    @Resource(lookup = "java:jboss/datasources/HotelDS")
    DataSource hotelDataSource;

    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "java:/jms/queue/DomainEventsQueue")
    Queue probeQueue;

    @Inject
    SearchGateway search;

    @Produces
    @Readiness
    HealthCheck paymentDatabase() {
        return () -> database("payment-database", paymentDataSource);
    }

    @Produces
    @Readiness
    HealthCheck ledgerDatabase() {
        return () -> database("ledger-database", ledgerDataSource);
    }

    @Produces
    @Readiness
    HealthCheck hotelDatabase() {
        return () -> database("hotel-database", hotelDataSource);
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

    /** False when any of the three databases cannot give a valid connection now (the error mapper asks after a JDBC failure). */
    public boolean databasesReachable() {
        for (DataSource dataSource : new DataSource[] {paymentDataSource, ledgerDataSource, hotelDataSource}) {
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
