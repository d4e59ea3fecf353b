package org.reckon.it.hotel;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.reckon.hotel.HotelCatalog;
import org.reckon.hotel.domain.Hotel;
import org.reckon.shared.ReckonException;

/**
 * Looks a hotel up in a transaction that a failed XA enlistment has marked for rollback, as the
 * first enlistment of a reconnected PostgreSQL connection does right after a database restart.
 * Deployed into the production EJB module by the test. Both lookups need the database: the
 * transaction's persistence context reads past the second-level cache, where the search indexer,
 * which reads every new hotel on its own thread, may have put the hotel at any moment.
 */
@Stateless
public class LookupProbe {

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    @Resource
    SessionContext context;

    @EJB
    HotelCatalog catalog;

    /** What Hibernate's own find answered, and what the catalog's lookup did (its error code, or "found"). */
    public record Answers(boolean rawFindAnsweredNull, String catalogAnswer) {
    }

    public Answers lookUpInATransactionMarkedForRollback(String hotelId) {
        // hotels are in the second-level cache (issue 15), which answers without a connection: the
        // case here is a lookup that must reach the database. The catalog's find shares this
        // persistence context, so it reads past the cache too.
        em.isJoinedToTransaction(); // the transaction's persistence context exists, as after any earlier statement
        em.setProperty("jakarta.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS);
        context.setRollbackOnly(); // what Narayana does when XAResource.start fails
        String catalogAnswer;
        try {
            catalogAnswer = catalog.liveHotel(hotelId) == null ? "null" : "found";
        } catch (ReckonException e) {
            catalogAnswer = e.code().name();
        }
        boolean rawNull;
        try {
            rawNull = em.find(Hotel.class, hotelId) == null;
        } catch (RuntimeException e) {
            rawNull = false;
        }
        return new Answers(rawNull, catalogAnswer);
    }
}
