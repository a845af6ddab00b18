package ai.affinity.metric;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals of per-user means (Efron &amp; Tibshirani 1993, ch. 13), for many
 * metrics at once over the same resamples of users, so the intervals of different metrics are consistent
 * with one another and the cost is one pass over the data per resample, not one per metric.
 *
 * <p>Deterministic: the same values, resample count, level and seed give the same intervals. Stateless
 * and thread-safe.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * Percentile bootstrap CIs of the mean of each metric.
     *
     * <p>Each replicate draws {@code n} user indexes uniformly with replacement (one draw per user, from a
     * {@code SplittableRandom(seed)}), then computes the mean of every metric over the drawn users, skipping
     * that metric's NaN values. The interval is the {@code (1-level)/2} and {@code (1+level)/2} quantiles of
     * the sorted replicate means (linear interpolation between order statistics). Replicates in which a
     * metric has no finite value are left out for that metric; a metric with no finite value at all gets
     * {@code {NaN, NaN}}, as does every metric when there are no users. Values other than NaN must be finite.
     *
     * <p>Time O(resamples * users * metrics) with branch-free inner loops (about 0.5 s for 24 metrics x
     * 100k users x 200 resamples on one core); extra memory one copy of {@code values} plus the replicate
     * means.
     *
     * @param values    {@code values[m][u]}: metric m for user u; every row has the same length
     * @param resamples number of bootstrap replicates, at least 1 (see {@link #defaultResamples})
     * @param level     confidence level in (0, 1), e.g. 0.95
     * @param seed      seed of the resampling
     * @return {@code ci[m] = {low, high}}
     */
    public static double[][] percentileCis(double[][] values, int resamples, double level, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        int numMetrics = values.length;
        int n = numMetrics == 0 ? 0 : values[0].length;
        for (int m = 0; m < numMetrics; m++) {
            if (values[m].length != n) {
                throw new IllegalArgumentException("metric " + m + " has " + values[m].length
                        + " user values, metric 0 has " + n);
            }
        }
        double[][] cis = new double[numMetrics][];
        if (n == 0) {
            for (int m = 0; m < numMetrics; m++) {
                cis[m] = new double[] {Double.NaN, Double.NaN};
            }
            return cis;
        }
        // Per replicate: how often each user was drawn (as a double weight). Accumulating
        // sum(w[u] * v[m][u]) reads every metric row sequentially and equals summing over the drawn indexes.
        // Rows are prepared once without NaN (NaN -> 0, with a 0/1 mask row for the denominator) so the
        // inner loops have no branches. Values are shifted by the metric's first non-NaN value: more
        // accurate sums, and a constant metric gives exactly its value as every replicate mean.
        double[] shift = new double[numMetrics];
        double[][] clean = new double[numMetrics][];
        double[][] mask = new double[numMetrics][];
        for (int m = 0; m < numMetrics; m++) {
            double[] row = values[m];
            double s0 = firstNonNaN(row);
            shift[m] = s0;
            double[] c = new double[n];
            double[] k = null;
            for (int u = 0; u < n; u++) {
                double v = row[u];
                if (v == v) { // not NaN
                    c[u] = v - s0;
                } else {
                    if (k == null) {
                        k = new double[n];
                        Arrays.fill(k, 1.0);
                    }
                    k[u] = 0.0;
                }
            }
            clean[m] = c;
            mask[m] = k; // null: no NaN, the denominator is n
        }
        double[] weights = new double[n];
        double[][] means = new double[numMetrics][resamples];
        int[] valid = new int[numMetrics];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(weights, 0.0);
            for (int j = 0; j < n; j++) {
                weights[rng.nextInt(n)] += 1.0; // small integers: exact in double
            }
            for (int m = 0; m < numMetrics; m++) {
                double[] row = clean[m];
                double sum = 0;
                for (int u = 0; u < n; u++) {
                    sum += weights[u] * row[u];
                }
                double weight = n;
                double[] k = mask[m];
                if (k != null) {
                    weight = 0;
                    for (int u = 0; u < n; u++) {
                        weight += weights[u] * k[u];
                    }
                }
                if (weight > 0) {
                    means[m][valid[m]++] = shift[m] + sum / weight;
                }
            }
        }
        double alpha = 1 - level;
        for (int m = 0; m < numMetrics; m++) {
            int len = valid[m];
            if (len == 0) {
                cis[m] = new double[] {Double.NaN, Double.NaN};
                continue;
            }
            double[] sorted = means[m];
            Arrays.sort(sorted, 0, len);
            cis[m] = new double[] {quantile(sorted, len, alpha / 2), quantile(sorted, len, 1 - alpha / 2)};
        }
        return cis;
    }

    /**
     * Resample count for {@code n} users, keeping the cost {@code resamples * n} bounded: 1000 when
     * {@code n <= 20_000}, else {@code max(200, 20_000_000 / n)}.
     */
    public static int defaultResamples(int n) {
        return n <= 20_000 ? 1000 : Math.max(200, 20_000_000 / n);
    }

    /** Mean of the non-NaN values; NaN when there are none. */
    public static double nanMean(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (v == v) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Number of non-NaN values. */
    public static int countNonNaN(double[] values) {
        int count = 0;
        for (double v : values) {
            if (v == v) {
                count++;
            }
        }
        return count;
    }

    private static double firstNonNaN(double[] values) {
        for (double v : values) {
            if (v == v) {
                return v;
            }
        }
        return 0.0;
    }

    /** Quantile p of the first {@code len} sorted values, interpolating linearly (type 7 of Hyndman &amp; Fan). */
    static double quantile(double[] sorted, int len, double p) {
        double pos = p * (len - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, len - 1);
        double frac = pos - lo;
        // Interpolate only when the neighbours differ, so constant replicates return that value exactly.
        return sorted[lo] == sorted[hi] ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
