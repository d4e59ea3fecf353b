package org.reckon.platform.longpoll;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Threads that resume suspended requests ({@link Resume#when(jakarta.ws.rs.container.AsyncResponse,
 * java.util.concurrent.CompletionStage, java.util.concurrent.Executor)}) whose answers complete on a
 * thread that must not write responses: a wallet partition's writer, say. A fixed pool of the
 * server's managed threads (one per core, at least two), made once, not the managed executor: that
 * one captures and restores the submitter's context for every task, and the wallet's transfers
 * measured no faster with it (benchmark/results/wallet-2026-12-08.md).
 */
@ApplicationScoped
public class ResumeThreads implements java.util.concurrent.Executor {

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService pool;

    @PostConstruct
    void start() {
        pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), threads);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }
}
