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
 * ({@code total}, counted at start) and the step's read and write counts, chunk by chunk.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RebuildJobs {

    public static final String JOB = "rebuild-leaderboard";
    private static final Logger LOG = Logger.getLogger(RebuildJobs.class.getName());

    @PersistenceContext(unitName = "leaderboard")
    EntityManager em;

    public long start(Month month) {
        long total = em.createQuery("SELECT COUNT(s) FROM PlayerScore s WHERE s.id.month = :m", Long.class)
                .setParameter("m", month.toString()).getSingleResult();
        Properties parameters = new Properties();
        parameters.setProperty("month", month.toString());
        parameters.setProperty("total", Long.toString(total));
        long id = BatchRuntime.getJobOperator().start(JOB, parameters);
        LOG.info(() -> JOB + " of " + month + " started (" + total + " players), execution " + id);
        return id;
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
                executions.add(Execution.of(e, operator.getStepExecutions(e.getExecutionId())));
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
                return Execution.of(execution, operator.getStepExecutions(executionId));
            }
        } catch (NoSuchJobExecutionException e) {
            // answered below
        }
        throw new ReckonException(ErrorCode.NOT_FOUND, "No " + JOB + " execution " + executionId, "execution_id");
    }

    /** An execution and its progress: players read from PostgreSQL and written to Redis, of total. */
    public record Execution(long executionId, String month, String batchStatus, String exitStatus, long total,
                            long read, long written, Instant startTime, Instant endTime) {

        static Execution of(JobExecution e, List<StepExecution> steps) {
            long read = 0;
            long written = 0;
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
            Properties p = e.getJobParameters();
            return new Execution(e.getExecutionId(), p == null ? null : p.getProperty("month"),
                    String.valueOf(e.getBatchStatus()), e.getExitStatus(),
                    p == null ? 0 : Long.parseLong(p.getProperty("total", "0")), read, written,
                    instant(e.getStartTime()), instant(e.getEndTime()));
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
