package ai.affinity.simulate;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean and Student-t confidence interval of a quantity measured once per seed: with {@code n} finite
 * values, mean {@code m} and sample standard deviation {@code s}, the interval is
 * {@code m ± t_{(1+level)/2, n-1} * s / sqrt(n)}. A t-interval rather than a bootstrap because there are
 * few seeds (a percentile bootstrap of 3-10 values is too narrow). NaN values are skipped; fewer than
 * two values give a NaN interval.
 *
 * @param mean   mean over seeds
 * @param ciLow  lower end of the interval
 * @param ciHigh upper end of the interval
 * @param n      number of finite values
 */
public record SeedStats(double mean, double ciLow, double ciHigh, int n) {
    public static SeedStats of(double[] values, double level) {
        double s = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                s += v;
                n++;
            }
        }
        if (n == 0) {
            return new SeedStats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = s / n;
        if (n < 2) {
            return new SeedStats(mean, Double.NaN, Double.NaN, n);
        }
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        double se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability((1 + level) / 2);
        return new SeedStats(mean, mean - t * se, mean + t * se, n);
    }
}
