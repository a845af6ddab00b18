package ai.affinity.drift;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Watches a live metric with a {@link DriftDetector} and, when it flags a change, calls an update
 * callback (typically an incremental refit of the model) and restarts the detector, so the next
 * alarm is about a change relative to the updated model.
 *
 * <p>Not thread-safe: feed one stream from one thread.
 */
public final class DriftMonitor {
    /** What to do when drift is flagged; receives the index (0-based) of the observation that fired. */
    @FunctionalInterface
    public interface UpdateCallback {
        void onDrift(long observation, double statistic);
    }

    private final DriftDetector detector;
    private final UpdateCallback callback;
    private final List<Long> alarms = new ArrayList<>();
    private long seen;

    /** @param callback called on each alarm, or null to only record alarms */
    public DriftMonitor(DriftDetector detector, UpdateCallback callback) {
        if (detector == null) {
            throw new IllegalArgumentException("detector is required");
        }
        this.detector = detector;
        this.callback = callback;
    }

    /** Feeds the next value of the metric; true when it raised an alarm (the callback has then run). */
    public boolean observe(double value) {
        long index = seen++;
        if (detector.add(value)) {
            double stat = detector.statistic();
            alarms.add(index);
            detector.reset();
            if (callback != null) {
                callback.onDrift(index, stat);
            }
            return true;
        }
        return false;
    }

    /** Indexes (0-based, in the order fed) of the observations that raised alarms. */
    public List<Long> alarms() {
        return Collections.unmodifiableList(alarms);
    }

    public DriftDetector detector() {
        return detector;
    }
}
