package org.reckon.hotel.demo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.platform.cluster.SingletonWork;

/**
 * Demo data for {@code ./mvnw -Prun}: when the server runs with {@code reckon.env=dev} and has
 * no hotel, a dozen hotels with their room types are created through the catalog, so their
 * rates, two years of inventory and search-index requests come about exactly as for hotels
 * staff create. It runs a few seconds after deployment (a timer), not during it: the
 * deployment is not slowed, and every module the catalog talks to is up. Each hotel is its own
 * transaction; a second start finds hotels and does nothing.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DemoHotels {

    private static final Logger LOG = Logger.getLogger(DemoHotels.class.getName());

    @Inject
    @ConfigProperty(name = "reckon.env", defaultValue = "prod")
    String env;

    @Resource
    TimerService timers;

    @EJB
    DemoHotelWriter writer;

    @PostConstruct
    void schedule() {
        if ("dev".equals(env)) {
            timers.createSingleActionTimer(3_000, new TimerConfig("demo hotels", false));
        }
    }

    @SingletonWork
    @Timeout
    void seed() {
        if (!writer.noHotelsYet()) {
            return;
        }
        int created = 0;
        for (DemoHotel demo : DemoHotel.ALL) {
            try {
                writer.create(demo);
                created++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "demo hotel " + demo.hotel().name() + " not created", e);
            }
        }
        int total = created;
        LOG.info(() -> "Demo data: " + total + " hotels created (reckon.env=dev)");
    }
}
