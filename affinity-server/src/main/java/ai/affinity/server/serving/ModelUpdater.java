package ai.affinity.server.serving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background learner: every {@code intervalSeconds}, when the store holds events the current models
 * were not fitted on, updates every arm ({@link ServingState#update()}) on one daemon thread and swaps the
 * models in atomically. Requests keep being answered by the previous snapshot meanwhile.
 *
 * <p>An arm whose algorithm is incremental (iALS) gets a warm-started update from the new events, with a
 * full refit every {@link ServingState#fullRefitEvery()} updates; other arms are refitted in full.
 * Scores are fresh between updates anyway because every request reads the user's latest history from
 * the store, and new items are placed by content on insert.
 */
public final class ModelUpdater implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

    private final ServingState state;
    private final long intervalSeconds;
    private final AtomicLong refits = new AtomicLong();
    private ScheduledExecutorService executor;

    public ModelUpdater(ServingState state, long intervalSeconds) {
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("refit interval must be >= 1 second, got " + intervalSeconds);
        }
        this.state = state;
        this.intervalSeconds = intervalSeconds;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "affinity-model-updater");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** One scheduled step: refit when stale. Never throws (a failure is logged; the old model serves). */
    void tick() {
        try {
            if (state.isStale()) {
                state.update();
                refits.incrementAndGet();
            }
        } catch (RuntimeException e) {
            LOG.warn("background refit failed; the previous models keep serving", e);
        }
    }

    /** Refits completed by this updater. */
    public long refits() {
        return refits.get();
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }
}
