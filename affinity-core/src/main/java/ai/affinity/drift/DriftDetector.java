package ai.affinity.drift;

/**
 * A sequential change detector over a stream of numbers (a live metric such as a daily hit rate or
 * click-through rate). Feed observations in time order with {@link #add}; it returns true on the
 * observation at which a change is flagged. Implementations are deterministic and not thread-safe
 * (one detector per stream); {@link #reset} starts over, e.g. after the model was updated.
 */
public interface DriftDetector {
    /** Adds the next observation; true when this observation raises an alarm. NaN is rejected. */
    boolean add(double x);

    /** The current test statistic (compared with the threshold). */
    double statistic();

    /** Forgets every observation. */
    void reset();

    /** Number of observations since the last reset. */
    long count();
}
