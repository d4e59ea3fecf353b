package org.reckon.leaderboard;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Clock;
import java.util.List;
import org.reckon.leaderboard.domain.LeaderboardError;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/** Reads of the leaderboard, from Redis only, with names from {@link PlayerNames}. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Boards {

    public static final int TOP = 10;
    public static final int NEIGHBOURS = 4;

    @EJB
    RedisBoards redis;

    @EJB
    PlayerNames names;

    private final Clock clock = Clock.systemUTC();

    /** The month asked for: null is the current one (UTC); a bad or future month is 400 naming month. */
    public Month month(String text) {
        Month current = Month.current(clock);
        if (text == null || text.isEmpty()) {
            return current;
        }
        Month month;
        try {
            month = Month.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "month must be YYYY-MM", "month");
        }
        if (month.isAfter(current)) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "month " + month + " has not started", "month");
        }
        return month;
    }

    public Board top(Month month) {
        return new Board(month.toString(), entries(redis.top(month, TOP)), redis.count(month));
    }

    public Neighbourhood around(Month month, String userId) {
        if (names.name(userId).isEmpty()) {
            throw new ReckonException(LeaderboardError.UNKNOWN_PLAYER, "No player " + userId, "user_id");
        }
        List<RedisBoards.Ranked> window = redis.around(month, userId, NEIGHBOURS);
        RedisBoards.Ranked me = window.stream().filter(r -> r.userId().equals(userId)).findFirst()
                .orElseThrow(() -> new ReckonException(LeaderboardError.NOT_ON_BOARD,
                        userId + " has no score in " + month, "user_id"));
        List<Entry> entries = entries(window);
        int at = window.indexOf(me);
        return new Neighbourhood(month.toString(), userId, names.name(userId).orElse(userId), me.rank(), me.score(),
                entries.subList(0, at), entries.subList(at + 1, entries.size()));
    }

    private List<Entry> entries(List<RedisBoards.Ranked> ranked) {
        return ranked.stream()
                .map(r -> new Entry(r.userId(), names.name(r.userId()).orElse(r.userId()), r.rank(), r.score()))
                .toList();
    }

    /** One line of a board. */
    public record Entry(String userId, String userName, long rank, long score) {
    }

    /** The top of a month's board and how many players it has. */
    public record Board(String month, List<Entry> data, long total) {
    }

    /** A player's rank and score, with up to four players above and four below. */
    public record Neighbourhood(String month, String userId, String userName, long rank, long score,
                                List<Entry> above, List<Entry> below) {
    }
}
