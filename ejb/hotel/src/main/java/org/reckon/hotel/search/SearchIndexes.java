package org.reckon.hotel.search;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.reckon.platform.search.SearchGateway;
import org.reckon.platform.search.SearchUnavailableException;

/**
 * Creates the hotels and reservations indexes with their mappings soon after deployment, so
 * the first search does not meet an index whose shards are still starting (a 503). Best
 * effort, off the deployment's path: with the cluster down it only logs, and the indexer
 * creates them before its first write anyway.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SearchIndexes {

    private static final Logger LOG = Logger.getLogger(SearchIndexes.class.getName());

    @Inject
    SearchGateway search;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        timers.createSingleActionTimer(1_000, new TimerConfig("search indexes", false));
    }

    @Timeout
    void create() {
        try {
            search.ensureIndex(HotelIndexRequests.HOTELS, HotelIndexer.HOTEL_FIELDS);
            search.ensureIndex(HotelIndexRequests.RESERVATIONS, HotelIndexer.RESERVATION_FIELDS);
        } catch (SearchUnavailableException e) {
            LOG.info(() -> "search indexes not created at startup (" + e.getMessage() + "); the indexer will");
        }
    }
}
