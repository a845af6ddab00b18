package ai.affinity.math;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads for data-parallel loops: {@link #forEach} runs {@code tasks}
 * independent tasks with dynamic scheduling (an atomic counter), so uneven tasks balance out.
 * With one thread everything runs on the caller's thread and no thread is created. Close it when
 * done. One loop at a time: not meant to be shared by concurrent callers.
 */
public final class Parallel implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    private Parallel(int threads) {
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "affinity-math");
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool of {@code threads} workers (the caller's thread counts as one). */
    public static Parallel create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new Parallel(threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body.accept(t)} for every {@code t} in {@code 0..tasks-1}; returns when all are done. */
    public void forEach(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (pool == null || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                body.accept(t);
            }
        };
        int helpers = Math.min(threads - 1, tasks - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            futures.add(pool.submit(worker));
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(tasks); // stop handing out work
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
