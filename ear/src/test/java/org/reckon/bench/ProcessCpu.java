package org.reckon.bench;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time consumed so far by the processes a benchmark drives, read from the operating system
 * ({@link ProcessHandle.Info#totalCpuDuration}). The difference over a level, divided by the
 * operations done, is the CPU each operation cost: a figure that another load on the machine
 * slows down far less than the operations per second it also takes away.
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** The server under test (the PSP sandbox and the broker run in it), found by its base URL. */
    static long serverNanos() {
        String url = "-Dreckon.test.base.url=" + System.getProperty("reckon.test.base.url") + " ";
        return nanos(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("jboss-modules.jar") && c.contains(url)).orElse(false)));
    }

    /** This run's PostgreSQL: its postmaster and backends (the pools keep the backends), found by its port. */
    static long postgresNanos() {
        String port = " -p " + System.getProperty("reckon.test.pg.port") + " ";
        return nanos(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                        .map(c -> c.contains("bin/postgres") && c.contains(port)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants())));
    }

    /** Milliseconds per operation of a CPU-time difference. */
    private static double millisPer(long nanos, long operations) {
        return operations == 0 ? 0 : nanos / 1e6 / operations;
    }

    /** The server's and PostgreSQL's CPU time now, to be set against a later one ({@link Used#since}). */
    static Used now() {
        return new Used(serverNanos(), postgresNanos());
    }

    /** CPU time of the server and of PostgreSQL, in nanoseconds. */
    record Used(long serverNanos, long postgresNanos) {

        /** "server, PostgreSQL" CPU milliseconds per operation from {@code before} until now. */
        String since(long operations) {
            Used after = now();
            return String.format(java.util.Locale.ROOT, "%.1f, %.1f", millisPer(after.serverNanos - serverNanos, operations),
                    millisPer(after.postgresNanos - postgresNanos, operations));
        }
    }

    /** Every process whose command line holds {@code fragment} (the data nodes of a run: their directory). */
    static long commandLineNanos(String fragment) {
        return nanos(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(fragment)).orElse(false)));
    }

    /** One process, by its handle (0 once it has exited). */
    static long nanos(ProcessHandle process) {
        return nanos(Stream.of(process));
    }

    private static long nanos(Stream<ProcessHandle> processes) {
        return processes.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
