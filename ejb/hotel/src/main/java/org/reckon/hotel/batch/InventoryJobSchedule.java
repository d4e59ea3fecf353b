package org.reckon.hotel.batch;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.platform.cluster.SingletonWork;

/**
 * Runs extend-inventory every day at 02:00 UTC, so the horizon moves forward a night at a time.
 * Not persistent: a night missed while the server was down is caught up by the next run (the
 * job creates every missing night, not just one), and several servers running it at once
 * create nothing twice.
 */
@Singleton
public class InventoryJobSchedule {

    private static final Logger LOG = Logger.getLogger(InventoryJobSchedule.class.getName());

    @EJB
    InventoryJobs jobs;

    @SingletonWork
    @Schedule(hour = "2", minute = "0", timezone = "UTC", persistent = false, info = "extend-inventory daily")
    void daily() {
        try {
            jobs.start();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not start the daily extend-inventory job", e);
        }
    }
}
