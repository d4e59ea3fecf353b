package org.reckon.leaderboard;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.platform.cluster.ClusterMembership;
import org.reckon.shared.ReckonException;

/**
 * Rebuild executions cut off by a crash. JBeret leaves an execution whose server died STARTED in
 * the JDBC job repository for ever, and nothing would ever finish its rebuild. Each execution
 * records its owner ({@link RebuildJobs#OWNER}: "node/run", the transaction node identifier and
 * a random id of the server's run); an execution still STARTED or STARTING is reclaimed when
 * <ul>
 *   <li>its owner is an earlier run of this node: this server crashed during it (found at boot, by
 *       the projection's first catch-up, and every {@value #SECONDS} s after);</li>
 *   <li>its owner's node has left the cluster view ({@link ClusterMembership#departed}), and this
 *       node is the primary (one survivor reclaims it, not each of them);</li>
 *   <li>it records no owner (started before owners were recorded), and this node is the primary.</li>
 * </ul>
 * A live node's execution is never touched. Reclaiming marks the execution and its step FAILED with
 * an exit status saying why (a compare-and-set on JBeret's tables through {@code LeaderboardBatchDS}:
 * of two servers reclaiming the same one, one wins), then restarts it: a new execution of the same
 * job instance that resumes after the last checkpoint when Redis still holds what was written
 * before the crash, and reads the month from the start when it does not (Redis lost data too).
 * Without that datasource (dev: the repository is in memory and dies with the server) there is
 * nothing to reclaim.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RebuildRecovery {

    static final int SECONDS = 15;
    static final String BATCH_DS = "java:jboss/datasources/LeaderboardBatchDS";
    private static final Logger LOG = Logger.getLogger(RebuildRecovery.class.getName());

    @EJB
    RebuildJobs rebuilds;

    @EJB
    RedisBoards redis;

    @Inject
    ClusterMembership membership;

    private final Clock clock = Clock.systemUTC();
    private DataSource repository;
    private boolean noRepository;

    @Schedule(hour = "*", minute = "*", second = "*/" + SECONDS, persistent = false)
    void periodically() {
        reclaim();
    }

    /** Reclaims and restarts every rebuild execution that no live server runs; returns the new executions' ids. */
    public List<Long> reclaim() {
        DataSource ds = repository();
        if (ds == null) {
            return List.of();
        }
        JobOperator operator = BatchRuntime.getJobOperator();
        List<Long> running;
        try {
            running = operator.getRunningExecutions(RebuildJobs.JOB);
        } catch (NoSuchJobException e) {
            return List.of();
        }
        List<Long> restarted = new ArrayList<>();
        for (long id : running) {
            try {
                Properties parameters = operator.getParameters(id);
                String owner = parameters.getProperty(RebuildJobs.OWNER);
                String why = orphaned(owner);
                if (why != null) {
                    Long next = reclaim(ds, operator, id, parameters, owner, why);
                    if (next != null) {
                        restarted.add(next);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "leaderboard: could not reclaim rebuild execution " + id + "; next time", e);
            }
        }
        return restarted;
    }

    /** Why the execution of {@code owner} runs nowhere any more, or null when it may be running. */
    String orphaned(String owner) {
        if (owner == null) {
            return membership.primary() ? "it records no owner (started before owners were recorded)" : null;
        }
        int slash = owner.indexOf('/');
        String node = slash > 0 ? owner.substring(0, slash) : owner;
        if (owner.equals(RebuildJobs.owner())) {
            return null; // this run's own
        }
        if (node.equals(RebuildJobs.NODE)) {
            return "the server " + node + " stopped during it (its run " + owner.substring(slash + 1) + " is over)";
        }
        if (membership.departed(node) && membership.primary()) {
            return "the node " + node + " that ran it left the cluster";
        }
        return null;
    }

    private Long reclaim(DataSource ds, JobOperator operator, long id, Properties parameters, String owner, String why) {
        Month month = Month.parse(parameters.getProperty("month"));
        long writtenBefore = written(operator.getStepExecutions(id)) + Long.parseLong(parameters.getProperty(RebuildJobs.DONE_BEFORE, "0"));
        boolean resume;
        try {
            resume = redis.count(month) >= writtenBefore;
        } catch (ReckonException e) {
            resume = false; // Redis unreachable: read everything again (the job fails if it is still down; the projection's catch-up rebuilds later)
        }
        // the whole exit status is written before the restart: JBeret caches the execution once it
        // has re-read it as FAILED, so a later update of its row would not be seen by this server
        String status = exitStatus("CRASHED: " + why + "; found by " + RebuildJobs.owner() + " at " + clock.instant() + "; restarted"
                + (resume ? ", resuming after the " + writtenBefore + " players written before"
                        : ", from the first player (Redis holds fewer than the " + writtenBefore + " written before)"));
        long total = rebuilds.count(month);
        if (!markFailed(ds, id, status)) {
            return null; // another server reclaimed it first, or it ended meanwhile
        }
        Properties restart = new Properties();
        restart.setProperty("month", month.toString());
        restart.setProperty("total", Long.toString(total));
        restart.setProperty(RebuildJobs.OWNER, RebuildJobs.owner());
        restart.setProperty(RebuildJobs.RESTART_OF, Long.toString(id));
        restart.setProperty(RebuildJobs.RESUME, Boolean.toString(resume));
        restart.setProperty(RebuildJobs.DONE_BEFORE, Long.toString(resume ? writtenBefore : 0));
        long next;
        try {
            next = operator.restart(id, restart);
        } catch (RuntimeException e) {
            // marked FAILED but not restarted: the month's board check of the projection (current
            // month) or staff (POST /v1/admin/leaderboard/rebuild) start a new one
            LOG.log(Level.SEVERE, "leaderboard: rebuild execution " + id + " of " + month + " marked FAILED but its restart failed", e);
            throw e;
        }
        LOG.warning(() -> "leaderboard: rebuild execution " + id + " of " + month + " (owner " + owner + ") marked FAILED and restarted as "
                + next + ": " + status);
        return next;
    }

    private static long written(List<StepExecution> steps) {
        long written = 0;
        for (StepExecution s : steps) {
            if (s.getMetrics() != null) {
                for (Metric m : s.getMetrics()) {
                    if (m.getType() == Metric.MetricType.WRITE_COUNT) {
                        written += m.getValue();
                    }
                }
            }
        }
        return written;
    }

    /** FAILED, with its exit status, if it is still STARTING or STARTED (a compare-and-set): true when this call changed it. */
    private boolean markFailed(DataSource ds, long id, String exitStatus) {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            int changed;
            try (PreparedStatement job = c.prepareStatement("UPDATE job_execution SET batchstatus = 'FAILED', exitstatus = ?, endtime = ?,"
                    + " lastupdatedtime = ? WHERE jobexecutionid = ? AND batchstatus IN ('STARTING', 'STARTED')");
                 PreparedStatement step = c.prepareStatement("UPDATE step_execution SET batchstatus = 'FAILED', exitstatus = ?, endtime = ?"
                         + " WHERE jobexecutionid = ? AND batchstatus IN ('STARTING', 'STARTED', 'STOPPING')")) {
                job.setString(1, exitStatus);
                job.setTimestamp(2, now);
                job.setTimestamp(3, now);
                job.setLong(4, id);
                changed = job.executeUpdate();
                if (changed == 1) {
                    step.setString(1, "CRASHED");
                    step.setTimestamp(2, now);
                    step.setLong(3, id);
                    step.executeUpdate();
                }
            }
            c.commit();
            return changed == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("marking rebuild execution " + id + " FAILED", e);
        }
    }

    private static String exitStatus(String text) {
        return text.length() <= 512 ? text : text.substring(0, 509) + "...";
    }

    private DataSource repository() {
        if (repository == null && !noRepository) {
            try {
                repository = (DataSource) new InitialContext().lookup(BATCH_DS);
            } catch (NamingException e) {
                noRepository = true;
                LOG.info(() -> "leaderboard: no " + BATCH_DS + " (the rebuild's job repository is in memory): no crashed rebuild to reclaim");
            }
        }
        return repository;
    }
}
