package ai.affinity.model.knn;

import ai.affinity.data.Interactions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Norms and a small parallel loop shared by the neighbourhood models. */
final class KnnSupport {
    private KnnSupport() {
    }

    /** Work on {@code [from, to)} with one worker's scratch state. */
    interface Chunk<W> {
        void run(W worker, int from, int to);
    }

    /** Squared L2 norm of each item's user column (its user count with binary weights). */
    static double[] itemSquaredNorms(Interactions x, boolean values) {
        double[] s = new double[x.numItems()];
        for (int p = 0; p < x.numEvents(); p++) {
            float v = values ? x.value(p) : 1f;
            s[x.item(p)] += (double) v * v;
        }
        return s;
    }

    /** Squared L2 norm of each user's item row (their event count with binary weights). */
    static double[] userSquaredNorms(Interactions x, boolean values) {
        double[] s = new double[x.numUsers()];
        for (int u = 0; u < x.numUsers(); u++) {
            double acc = 0;
            for (int p = x.start(u); p < x.end(u); p++) {
                float v = values ? x.value(p) : 1f;
                acc += (double) v * v;
            }
            s[u] = acc;
        }
        return s;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code chunk}, on {@code threads} threads
     * that each own one worker from {@code workers}; chunks are handed out dynamically so skewed
     * work balances. Rethrows the first failure.
     */
    static <W> void parallelFor(int n, int threads, int chunk, Supplier<W> workers, Chunk<W> body) {
        int t = Math.max(1, Math.min(threads, (n + chunk - 1) / chunk));
        AtomicInteger next = new AtomicInteger();
        Runnable loop = () -> {
            W w = workers.get();
            for (int from = next.getAndAdd(chunk); from < n; from = next.getAndAdd(chunk)) {
                body.run(w, from, Math.min(n, from + chunk));
            }
        };
        if (t == 1) {
            loop.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "knn-worker");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                futures.add(pool.submit(loop));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fitting", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
