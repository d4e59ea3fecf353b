package org.reckon.hotel.batch;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Starts the extend-inventory job and reports its executions with their step metrics. Jobs are
 * started from this EJB module so the batch runtime finds the job XML in its META-INF/batch-jobs
 * whoever asks (the schedule, or staff over HTTP). The job repository is WildFly's default
 * (in memory): executions are listed since the server started.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class InventoryJobs {

    public static final String JOB = "extend-inventory";

    private static final Logger LOG = Logger.getLogger(InventoryJobs.class.getName());

    /** Starts an execution now; returns its id. */
    public long start() {
        long id = BatchRuntime.getJobOperator().start(JOB, new Properties());
        LOG.info(() -> JOB + " started, execution " + id);
        return id;
    }

    /** The most recent executions, newest first. */
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

    /** One execution of this job, or 404 naming execution_id. */
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

    public record Execution(long executionId, String batchStatus, String exitStatus, Instant createTime,
                            Instant startTime, Instant endTime, List<Step> steps) {

        static Execution of(JobExecution e, List<StepExecution> steps) {
            return new Execution(e.getExecutionId(), String.valueOf(e.getBatchStatus()), e.getExitStatus(),
                    instant(e.getCreateTime()), instant(e.getStartTime()), instant(e.getEndTime()),
                    steps.stream().map(Step::of).toList());
        }
    }

    public record Step(String stepName, String batchStatus, String exitStatus, Instant startTime, Instant endTime,
                       long readCount, long filterCount, long writeCount, long commitCount, long rollbackCount) {

        static Step of(StepExecution s) {
            Map<Metric.MetricType, Long> m = new EnumMap<>(Metric.MetricType.class);
            if (s.getMetrics() != null) {
                for (Metric metric : s.getMetrics()) {
                    m.put(metric.getType(), metric.getValue());
                }
            }
            return new Step(s.getStepName(), String.valueOf(s.getBatchStatus()), s.getExitStatus(),
                    instant(s.getStartTime()), instant(s.getEndTime()),
                    m.getOrDefault(Metric.MetricType.READ_COUNT, 0L), m.getOrDefault(Metric.MetricType.FILTER_COUNT, 0L),
                    m.getOrDefault(Metric.MetricType.WRITE_COUNT, 0L), m.getOrDefault(Metric.MetricType.COMMIT_COUNT, 0L),
                    m.getOrDefault(Metric.MetricType.ROLLBACK_COUNT, 0L));
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
