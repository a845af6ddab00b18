package ai.affinity.metric;

import ai.affinity.util.IntSorter;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * Paired significance tests on per-user values of two systems over the same users: {@code a[u]} and
 * {@code b[u]} belong to the same user u. Pairs where either value is NaN are dropped first. All p-values
 * are two-sided. Stateless and thread-safe; O(n) memory for the differences, O(n log n) for Wilcoxon.
 *
 * <p>Degenerate inputs: with no usable pair the p-value is NaN; when every difference is 0 it is 1.0 (no
 * evidence of any difference). The t-test needs at least two pairs otherwise (NaN for one pair with a
 * nonzero difference), and gives 0.0 when the differences are identical and nonzero (zero variance).
 */
public final class PairedTests {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private PairedTests() {
    }

    /**
     * Two-sided paired Student t-test: {@code t = mean(d) / (sd(d) / sqrt(n))} with {@code d = a - b},
     * {@code n - 1} degrees of freedom. Same as commons-math3 {@code TTest.pairedTTest} and R's
     * {@code t.test(a, b, paired = TRUE)} on NaN-free input.
     */
    public static double pairedTTestP(double[] a, double[] b) {
        double[] d = differences(a, b);
        int n = d.length;
        if (n == 0) {
            return Double.NaN;
        }
        double mean = 0;
        for (double x : d) {
            mean += x;
        }
        mean /= n;
        double ss = 0;
        boolean allZero = true;
        for (double x : d) {
            ss += (x - mean) * (x - mean);
            allZero &= x == 0;
        }
        if (allZero) {
            return 1.0;
        }
        if (n < 2) {
            return Double.NaN;
        }
        if (ss == 0) {
            return 0.0;
        }
        double se = Math.sqrt(ss / (n - 1) / n);
        double t = mean / se;
        TDistribution dist = new TDistribution(null, n - 1);
        // 2 * cdf(-|t|) rather than 2 * (1 - cdf(|t|)) keeps small p-values from cancelling to 0.
        return Math.min(1.0, 2 * dist.cumulativeProbability(-Math.abs(t)));
    }

    /**
     * Two-sided Wilcoxon signed-rank test, normal approximation without continuity correction. Zero
     * differences are dropped before ranking (Wilcoxon's original method, {@code zero_method="wilcox"} in
     * SciPy, the default of R's {@code wilcox.test}); tied absolute differences get their average rank and
     * the variance is reduced by {@code sum(t³ - t) / 48} over tie groups of size t. Equal to SciPy's
     * {@code wilcoxon(a, b, zero_method="wilcox", correction=False, method="approx")}. The approximation
     * is good for n above about 20 non-zero differences, which per-user evaluation always has.
     */
    public static double wilcoxonSignedRankP(double[] a, double[] b) {
        return wilcoxonSignedRankP(a, b, false);
    }

    /**
     * As {@link #wilcoxonSignedRankP(double[], double[])}, optionally with the continuity correction of
     * 0.5 towards the mean (then equal to R's {@code wilcox.test(a, b, paired = TRUE, exact = FALSE)}).
     */
    public static double wilcoxonSignedRankP(double[] a, double[] b, boolean continuityCorrection) {
        double[] all = differences(a, b);
        if (all.length == 0) {
            return Double.NaN;
        }
        // Keep non-zero differences; rank them by absolute value, keeping the sign for the rank sum.
        double[] d = new double[all.length];
        int n = 0;
        for (double x : all) {
            if (x != 0) {
                d[n++] = x;
            }
        }
        if (n == 0) {
            return 1.0;
        }
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(d[i]);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        IntSorter.sort(order, (x, y) -> Double.compare(abs[x], abs[y]));
        double wPlus = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && abs[order[j + 1]] == abs[order[i]]) {
                j++;
            }
            // Positions i..j (0-based) share the average of the 1-based ranks i+1..j+1.
            double rank = (i + j + 2) / 2.0;
            for (int p = i; p <= j; p++) {
                if (d[order[p]] > 0) {
                    wPlus += rank;
                }
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieTerm / 48.0;
        if (var <= 0) {
            return 1.0;
        }
        double diff = wPlus - mean;
        if (continuityCorrection) {
            diff = Math.signum(diff) * Math.max(0.0, Math.abs(diff) - 0.5);
        }
        double z = diff / Math.sqrt(var);
        return Math.min(1.0, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /** Mean of {@code a[u] - b[u]} over the pairs where neither is NaN; NaN when there are none. */
    public static double meanDifference(double[] a, double[] b) {
        checkLengths(a, b);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - b[i];
            if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** a[i] - b[i] for the pairs where neither is NaN. */
    static double[] differences(double[] a, double[] b) {
        checkLengths(a, b);
        double[] d = new double[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
                d[n++] = a[i] - b[i];
            }
        }
        return n == d.length ? d : Arrays.copyOf(d, n);
    }

    private static void checkLengths(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples must have the same length: " + a.length + " vs "
                    + b.length);
        }
    }
}
