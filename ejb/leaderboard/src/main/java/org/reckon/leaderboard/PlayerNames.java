package org.reckon.leaderboard;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reckon.leaderboard.domain.Player;

/**
 * Player names for the boards, from memory: a board of ten names costs no join and no query once
 * the names are known. A miss reads the player once; a rename (registering again) replaces the
 * entry after its transaction commits. Bounded: past {@value #MAX} names the cache starts afresh
 * (a leaderboard page reads the same few hundred names over and over).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class PlayerNames {

    static final int MAX = 200_000;

    private final Map<String, String> names = new ConcurrentHashMap<>();

    @PersistenceContext(unitName = "leaderboard")
    EntityManager em;

    /** The player's name, or empty for an unknown player. */
    public Optional<String> name(String userId) {
        String name = names.get(userId);
        if (name != null) {
            return Optional.of(name);
        }
        Player player = em.find(Player.class, userId);
        if (player == null) {
            return Optional.empty();
        }
        remember(userId, player.userName());
        return Optional.of(player.userName());
    }

    public void remember(String userId, String userName) {
        if (names.size() >= MAX) {
            names.clear();
        }
        names.put(userId, userName);
    }
}
