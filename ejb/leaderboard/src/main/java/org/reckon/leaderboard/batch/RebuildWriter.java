package org.reckon.leaderboard.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.redis.RedisBoards;

/** Writes a chunk of members to the month's sorted set in one pipeline (ZADD GT). */
@Named("rebuildWriter")
@Dependent
public class RebuildWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty(name = "month")
    String month;

    @EJB
    RedisBoards redis;

    @Override
    public void writeItems(List<Object> items) {
        List<RedisBoards.Member> members = new ArrayList<>(items.size());
        for (Object item : items) {
            members.add((RedisBoards.Member) item);
        }
        redis.putAll(Month.parse(month), members);
    }
}
