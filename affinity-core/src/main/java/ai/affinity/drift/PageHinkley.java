package ai.affinity.drift;

/**
 * The Page-Hinkley test (Page 1954; Hinkley 1971; as used for concept drift by Gama et al. 2014,
 * "A survey on concept drift adaptation", §3.2): detects a change in the mean of a stream.
 *
 * <p>For {@link Direction#DECREASE} (a metric that drops, the usual case for hit rate or CTR) after
 * observation {@code t}:
 * <pre>
 *   mean_t = (x_1 + ... + x_t) / t
 *   m_t    = sum_{i<=t} (mean_i - x_i - delta)     (cumulative shortfall below the running mean)
 *   M_t    = min_{i<=t} m_i   (M_0 = 0)
 *   alarm when m_t - M_t > lambda
 * </pre>
 * Each term uses the running mean at its own time (the incremental form in Gama et al.), so the
 * detector needs O(1) memory. {@link Direction#INCREASE} uses {@code x_i - mean_i - delta} instead.
 * {@code delta} is the magnitude of change tolerated; {@code lambda} trades detection delay for false
 * alarms. {@code minObservations} suppresses alarms while the mean is still being learned.
 */
public final class PageHinkley implements DriftDetector {
    /** Which change to flag. */
    public enum Direction { DECREASE, INCREASE }

    private final double delta;
    private final double lambda;
    private final int minObservations;
    private final Direction direction;
    private long n;
    private double mean;
    private double cumulative;
    private double minimum;

    /**
     * @param delta           tolerated change per observation, >= 0
     * @param lambda          alarm threshold, > 0
     * @param minObservations no alarm before this many observations, >= 1
     * @param direction       which change to flag
     */
    public PageHinkley(double delta, double lambda, int minObservations, Direction direction) {
        if (!(delta >= 0) || !(lambda > 0) || minObservations < 1 || direction == null) {
            throw new IllegalArgumentException("PageHinkley needs delta >= 0, lambda > 0, minObservations >= 1 and a "
                    + "direction; got delta=" + delta + ", lambda=" + lambda + ", minObservations=" + minObservations
                    + ", direction=" + direction);
        }
        this.delta = delta;
        this.lambda = lambda;
        this.minObservations = minObservations;
        this.direction = direction;
    }

    @Override
    public boolean add(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("observation must be finite, got " + x);
        }
        n++;
        mean += (x - mean) / n;
        double dev = direction == Direction.DECREASE ? mean - x : x - mean;
        cumulative += dev - delta;
        minimum = Math.min(minimum, cumulative);
        return n >= minObservations && statistic() > lambda;
    }

    /** {@code m_t - M_t}. */
    @Override
    public double statistic() {
        return cumulative - minimum;
    }

    @Override
    public void reset() {
        n = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
    }

    @Override
    public long count() {
        return n;
    }

    @Override
    public String toString() {
        return "PageHinkley(delta=" + delta + ", lambda=" + lambda + ", min=" + minObservations + ", " + direction + ")";
    }
}
