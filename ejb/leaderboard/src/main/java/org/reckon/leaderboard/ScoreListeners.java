package org.reckon.leaderboard;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Who wants to know that a month's board changed in Redis: the web module's event stream
 * subscribes here (a CDI event fired from this EJB module would not reach an observer in the WAR,
 * whose beans this module cannot see). Listeners must return at once.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScoreListeners {

    private static final Logger LOG = Logger.getLogger(ScoreListeners.class.getName());

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Tells every listener that the board of {@code month} (YYYY-MM) changed. */
    public void changed(String month) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(month);
            } catch (RuntimeException e) {
                LOG.warning(() -> "a score listener failed: " + e);
            }
        }
    }
}
