package org.reckon.leaderboard.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.PlayerScore;
import org.reckon.leaderboard.redis.RedisBoards;

/**
 * Reads a month's scores from PostgreSQL by user_id, a page at a time (keyset: the checkpoint is
 * the last user_id read, so a restarted execution resumes after its committed chunks). A restart
 * with the job parameter {@code resume=false} ignores the checkpoint and reads from the first
 * player (RebuildRecovery: Redis lost what the crashed execution had written).
 */
@Named("rebuildReader")
@Dependent
public class RebuildReader extends AbstractItemReader {

    static final int PAGE = 2_000;

    @Inject
    @BatchProperty(name = "month")
    String month;

    @Inject
    @BatchProperty(name = "resume")
    String resume;

    @PersistenceContext(unitName = "leaderboard")
    EntityManager em;

    private String last = "";
    private Iterator<RedisBoards.Member> page = List.<RedisBoards.Member>of().iterator();
    private boolean exhausted;

    @Override
    public void open(Serializable checkpoint) {
        last = checkpoint == null || "false".equals(resume) ? "" : (String) checkpoint;
    }

    @Override
    public Object readItem() {
        if (!page.hasNext() && !exhausted) {
            List<PlayerScore> rows = em.createQuery(
                            "SELECT s FROM PlayerScore s WHERE s.id.month = :m AND s.id.userId > :last ORDER BY s.id.userId",
                            PlayerScore.class)
                    .setParameter("m", Month.parse(month).toString()).setParameter("last", last)
                    .setMaxResults(PAGE).getResultList();
            exhausted = rows.size() < PAGE;
            page = rows.stream().map(s -> new RedisBoards.Member(s.userId(), s.rankKey())).toList().iterator();
            em.clear();
        }
        if (!page.hasNext()) {
            return null;
        }
        RedisBoards.Member member = page.next();
        last = member.userId();
        return member;
    }

    @Override
    public Serializable checkpointInfo() {
        return last;
    }
}
