package org.reckon.leaderboard;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import org.reckon.leaderboard.domain.Month;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * The rebuild job (Jakarta Batch, {@value #JOB}): refills a month's sorted set from player_score
 * after Redis lost it. It writes with ZADD GT beside the live projection, so scores that arrive
 * during the rebuild are never moved back. Progress: the execution's players to write
 * ({@code total}, counted at start) and the step's read and write counts, chunk by chunk. Each
 * execution records the server that runs it ({@value #OWNER}), so that one cut off by a crash can
 * be told from one still running ({@link RebuildRecovery}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RebuildJobs {

    public static final String JOB = "rebuild-leaderboard";
    /** Job parameter: the server running the execution, "node/run" ({@link #owner()}). */
    static final String OWNER = "owner";
    /** Job parameter of a restart ({@link RebuildRecovery}): the execution cut off by a crash that it continues. */
    static final String RESTART_OF = "restart_of";
    /** Job parameter of a restart: "false" reads the month from the first player, ignoring the checkpoint. */
    static final String RESUME = "resume";
    /** Job parameter of a restart that resumes: players written by the executions before it. */
    static final String DONE_BEFORE = "done_before";
    /** This server's node: the transaction node identifier, unique per server and stable across its restarts. */
    static final String NODE = System.getProperty("reckon.tx.node", "reckon-1");
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);
    private static final Logger LOG = Logger.getLogger(RebuildJobs.class.getName());

    @PersistenceContext(unitName = "leaderboard")
    EntityManager em;

    /** Who runs the executions this server starts: "node/run", the run being this deployment's start. */
    static String owner() {
        return NODE + "/" + RUN;
    }

    public long start(Month month) {
        long total = count(month);
        Properties parameters = new Properties();
        parameters.setProperty("month", month.toString());
        parameters.setProperty("total", Long.toString(total));
        parameters.setProperty(OWNER, owner());
        long id = BatchRuntime.getJobOperator().start(JOB, parameters);
        LOG.info(() -> JOB + " of " + month + " started (" + total + " players), execution " + id);
        return id;
    }

    /** The month's players in PostgreSQL. */
    public long count(Month month) {
        return em.createQuery("SELECT COUNT(s) FROM PlayerScore s WHERE s.id.month = :m", Long.class)
                .setParameter("m", month.toString()).getSingleResult();
    }

    /**
     * True when an execution of {@code month}'s rebuild, created at or after {@code since}, is
     * STARTING or STARTED (in this server or another): it reads every player still to write from
     * PostgreSQL after that instant.
     */
    public boolean running(Month month, Instant since) {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            for (long id : operator.getRunningExecutions(JOB)) {
                JobExecution e = operator.getJobExecution(id);
                if (month.toString().equals(e.getJobParameters().getProperty("month")) && e.getCreateTime() != null
                        && !e.getCreateTime().toInstant().isBefore(since)) {
                    return true;
                }
            }
        } catch (NoSuchJobException e) {
            // never started
        }
        return false;
    }

    public List<Execution> recent(int max) {
        JobOperator operator = BatchRuntime.getJobOperator();
        List<JobInstance> instances;
        try {
            instances = operator.getJobInstances(JOB, 0, max);
        } catch (NoSuchJobException e) {
            return List.of();
        }
        List<Execution> executions = new ArrayList<>();
        for (JobInstance instance : instances) {
            for (JobExecution e : operator.getJobExecutions(instance)) {
                executions.add(Execution.of(e, operator.getStepExecutions(e.getExecutionId()), restartedAs(operator, e)));
            }
        }
        executions.sort(Comparator.comparingLong(Execution::executionId).reversed());
        return executions.size() > max ? executions.subList(0, max) : executions;
    }

    public Execution execution(long executionId) {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            JobExecution execution = operator.getJobExecution(executionId);
            if (JOB.equals(execution.getJobName())) {
                return Execution.of(execution, operator.getStepExecutions(executionId), restartedAs(operator, execution));
            }
        } catch (NoSuchJobExecutionException e) {
            // answered below
        }
        throw new ReckonException(ErrorCode.NOT_FOUND, "No " + JOB + " execution " + executionId, "execution_id");
    }

    /** The execution that restarted {@code e} (the next one of its job instance), or null. */
    private static Long restartedAs(JobOperator operator, JobExecution e) {
        if (!"FAILED".equals(String.valueOf(e.getBatchStatus())) && !"STOPPED".equals(String.valueOf(e.getBatchStatus()))) {
            return null;
        }
        return operator.getJobExecutions(operator.getJobInstance(e.getExecutionId())).stream()
                .map(JobExecution::getExecutionId).filter(id -> id > e.getExecutionId()).min(Long::compare).orElse(null);
    }

    /**
     * An execution and its progress: players read from PostgreSQL and written to Redis, of total
     * (a restart that resumed counts those its predecessors wrote too). {@code owner}: the server
     * that ran it ("node/run"); {@code restartOf}: the execution cut off by a crash that it
     * continues; {@code restartedAs}: the one that continued it.
     */
    public record Execution(long executionId, String month, String batchStatus, String exitStatus, long total,
                            long read, long written, Instant startTime, Instant endTime, String owner, Long restartOf,
                            Long restartedAs) {

        static Execution of(JobExecution e, List<StepExecution> steps, Long restartedAs) {
            Properties p = e.getJobParameters();
            long before = p == null ? 0 : Long.parseLong(p.getProperty(DONE_BEFORE, "0"));
            long read = before;
            long written = before;
            for (StepExecution s : steps) {
                if (s.getMetrics() != null) {
                    for (Metric m : s.getMetrics()) {
                        if (m.getType() == Metric.MetricType.READ_COUNT) {
                            read += m.getValue();
                        } else if (m.getType() == Metric.MetricType.WRITE_COUNT) {
                            written += m.getValue();
                        }
                    }
                }
            }
            String restartOf = p == null ? null : p.getProperty(RESTART_OF);
            return new Execution(e.getExecutionId(), p == null ? null : p.getProperty("month"),
                    String.valueOf(e.getBatchStatus()), e.getExitStatus(),
                    p == null ? 0 : Long.parseLong(p.getProperty("total", "0")), read, written,
                    instant(e.getStartTime()), instant(e.getEndTime()), p == null ? null : p.getProperty(OWNER),
                    restartOf == null ? null : Long.valueOf(restartOf), restartedAs);
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
