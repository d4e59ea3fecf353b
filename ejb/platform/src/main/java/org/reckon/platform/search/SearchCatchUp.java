package org.reckon.platform.search;

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
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.platform.messaging.DeadLetters;
import org.reckon.platform.messaging.PlatformQueue;
import org.reckon.platform.cluster.SingletonWork;

/**
 * The search index catches up by itself after the cluster was down. While Elasticsearch is away,
 * reindex messages use up their redeliveries and wait in DLQ.SearchIndexingQueue; every
 * {@code reckon.search.catch-up-interval} this timer looks, and once the cluster answers again it
 * moves them back to the queue ({@link DeadLetters#replayAll}: receive and resend in one XA
 * transaction, nothing lost or doubled). Reindexing projects the row as it is now, so an old
 * message replayed late can never make a document stale. Staff can still replay by hand.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SearchCatchUp {

    private static final Logger LOG = Logger.getLogger(SearchCatchUp.class.getName());
    private static final int BATCH = 1_000;

    @Inject
    SearchGateway search;

    @EJB
    DeadLetters deadLetters;

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "reckon.search.catch-up-interval", defaultValue = "PT30S")
    Duration interval;

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(interval.toMillis(), interval.toMillis(), new TimerConfig("search catch-up", false));
    }

    @SingletonWork
    @Timeout
    void catchUp() {
        if (deadLetters.browse(PlatformQueue.SEARCH_INDEXING, 1).isEmpty() || !search.isAvailable()) {
            return;
        }
        int moved = deadLetters.replayAll(PlatformQueue.SEARCH_INDEXING, BATCH);
        LOG.info(() -> "search cluster is back: " + moved + " reindex message(s) moved from the dead-letter queue back to "
                + PlatformQueue.SEARCH_INDEXING.queueName());
    }
}
