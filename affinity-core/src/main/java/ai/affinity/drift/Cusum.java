package ai.affinity.drift;

/**
 * Two-sided tabular CUSUM (Page 1954; Montgomery, "Introduction to Statistical Quality Control", §9.1)
 * around a known in-control mean {@code target}:
 * <pre>
 *   S+_t = max(0, S+_{t-1} + x_t - target - k)
 *   S-_t = max(0, S-_{t-1} + target - x_t - k)
 *   alarm when S+_t > h or S-_t > h
 * </pre>
 * with {@code S+_0 = S-_0 = 0}. {@code k} (the slack, often half the shift to detect) and {@code h}
 * (often 4-5 standard deviations) are in the units of the observations. Use it when the in-control
 * level is known (e.g. the metric measured right after a fit); {@link PageHinkley} learns the mean.
 */
public final class Cusum implements DriftDetector {
    private final double target;
    private final double k;
    private final double h;
    private double upper;
    private double lower;
    private long n;

    /**
     * @param target in-control mean
     * @param k      slack, >= 0
     * @param h      decision threshold, > 0
     */
    public Cusum(double target, double k, double h) {
        if (!Double.isFinite(target) || !(k >= 0) || !(h > 0)) {
            throw new IllegalArgumentException("Cusum needs a finite target, k >= 0 and h > 0; got target=" + target
                    + ", k=" + k + ", h=" + h);
        }
        this.target = target;
        this.k = k;
        this.h = h;
    }

    @Override
    public boolean add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("observation must be finite, got " + x);
        }
        n++;
        upper = Math.max(0, upper + x - target - k);
        lower = Math.max(0, lower + target - x - k);
        return upper > h || lower > h;
    }

    /** {@code max(S+, S-)}. */
    @Override
    public double statistic() {
        return Math.max(upper, lower);
    }

    public double upper() {
        return upper;
    }

    public double lower() {
        return lower;
    }

    @Override
    public void reset() {
        upper = 0;
        lower = 0;
        n = 0;
    }

    @Override
    public long count() {
        return n;
    }
}
