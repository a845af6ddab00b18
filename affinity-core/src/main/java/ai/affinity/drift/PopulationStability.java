package ai.affinity.drift;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Tests on the input distribution: is the distribution of items (or any category) in a recent window
 * different from a reference window? Pure functions of two count vectors of equal length.
 *
 * <ul>
 *   <li>Population stability index: {@code PSI = sum_i (q_i - p_i) ln(q_i / p_i)} with {@code p} the
 *   reference and {@code q} the recent shares, each smoothed as {@code (c_i + eps) / (N + eps * n)}
 *   so empty categories stay finite. Rule of thumb: below 0.1 stable, 0.1-0.25 moderate, above 0.25
 *   a major shift.</li>
 *   <li>Chi-square test of homogeneity of the two count vectors (commons-math3
 *   {@code chiSquareTestDataSetsComparison}); categories empty in both windows are dropped.</li>
 * </ul>
 */
public final class PopulationStability {
    /** Default smoothing of {@link #psi}: half an observation per category. */
    public static final double DEFAULT_EPSILON = 0.5;

    private PopulationStability() {
    }

    /** PSI of {@code recent} against {@code reference}, with {@link #DEFAULT_EPSILON}. */
    public static double psi(long[] reference, long[] recent) {
        return psi(reference, recent, DEFAULT_EPSILON);
    }

    /** PSI with additive smoothing {@code eps > 0} per category. */
    public static double psi(long[] reference, long[] recent, double eps) {
        check(reference, recent);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be > 0, got " + eps);
        }
        int n = reference.length;
        double np = sum(reference) + eps * n;
        double nq = sum(recent) + eps * n;
        double psi = 0;
        for (int i = 0; i < n; i++) {
            double p = (reference[i] + eps) / np;
            double q = (recent[i] + eps) / nq;
            psi += (q - p) * Math.log(q / p);
        }
        return psi;
    }

    /**
     * p-value of the chi-square test that both windows come from one distribution; 1 when fewer than
     * two categories have counts.
     */
    public static double chiSquareP(long[] reference, long[] recent) {
        check(reference, recent);
        int used = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + recent[i] > 0) {
                used++;
            }
        }
        if (used < 2 || sum(reference) == 0 || sum(recent) == 0) {
            return 1.0;
        }
        long[] a = new long[used];
        long[] b = new long[used];
        int j = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + recent[i] > 0) {
                a[j] = reference[i];
                b[j] = recent[i];
                j++;
            }
        }
        return new ChiSquareTest().chiSquareTestDataSetsComparison(a, b);
    }

    private static void check(long[] reference, long[] recent) {
        if (reference.length != recent.length) {
            throw new IllegalArgumentException("count vectors differ in length: " + reference.length + " vs "
                    + recent.length);
        }
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] < 0 || recent[i] < 0) {
                throw new IllegalArgumentException("counts must be >= 0; category " + i + " has " + reference[i]
                        + " / " + recent[i]);
            }
        }
    }

    private static long sum(long[] c) {
        long s = 0;
        for (long v : c) {
            s += v;
        }
        return s;
    }
}
