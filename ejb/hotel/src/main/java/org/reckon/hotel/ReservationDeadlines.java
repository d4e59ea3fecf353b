package org.reckon.hotel;

import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.platform.cluster.SingletonWork;

/** Every minute: pending reservations whose payment did not complete by the deadline are rejected, rooms given back. */
@Singleton
@DependsOn("SchemaMigrator") // a timer may fire while the EAR deploys: not before the schema exists
public class ReservationDeadlines {

    private static final Logger LOG = Logger.getLogger(ReservationDeadlines.class.getName());

    @EJB
    Reservations reservations;

    @SingletonWork
    @Schedule(hour = "*", minute = "*", second = "15", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sweep() {
        int rejected = 0;
        for (String id : reservations.pendingPastDeadline(500)) {
            try {
                rejected += reservations.expire(id) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not expire reservation " + id + "; next sweep tries again", e);
            }
        }
        if (rejected > 0) {
            int count = rejected;
            LOG.info(() -> count + " reservation(s) rejected: payment not completed by the deadline");
        }
    }
}
