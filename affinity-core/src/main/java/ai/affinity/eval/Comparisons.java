package ai.affinity.eval;

import ai.affinity.metric.PairedTests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Paired comparisons of models with a baseline over the same test users (paired t-test on per-user
 * values; users missing from either side are dropped).
 */
public final class Comparisons {
    private Comparisons() {
    }

    /** The name of the best result by mean of {@code metric} among {@code candidates} (null if none present). */
    public static String best(List<ModelResult> results, List<String> candidates, String metric) {
        String best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (ModelResult r : results) {
            if (!candidates.contains(r.name())) {
                continue;
            }
            MetricSummary s = r.metrics().get(metric);
            if (s != null && !Double.isNaN(s.mean()) && s.mean() > bestValue) {
                bestValue = s.mean();
                best = r.name();
            }
        }
        return best;
    }

    /** Compares every other model with {@code baseline} on each of {@code metrics}. */
    public static List<Comparison> against(List<ModelResult> results, String baseline, List<String> metrics) {
        ModelResult base = null;
        for (ModelResult r : results) {
            if (r.name().equals(baseline)) {
                base = r;
            }
        }
        if (base == null) {
            throw new IllegalArgumentException("baseline '" + baseline + "' is not among the evaluated models");
        }
        List<Comparison> out = new ArrayList<>();
        for (ModelResult r : results) {
            if (r == base) {
                continue;
            }
            for (String metric : metrics) {
                double[] a = r.perUser().get(metric);
                double[] b = base.perUser().get(metric);
                if (a == null || b == null) {
                    continue;
                }
                double[][] aligned = align(r.users(), a, base.users(), b);
                out.add(new Comparison(r.name(), base.name(), metric,
                        PairedTests.meanDifference(aligned[0], aligned[1]),
                        PairedTests.pairedTTestP(aligned[0], aligned[1]), "paired t-test"));
            }
        }
        return out;
    }

    /** Values of both sides restricted to the users they share, in user order. */
    static double[][] align(int[] usersA, double[] a, int[] usersB, double[] b) {
        if (Arrays.equals(usersA, usersB)) {
            return new double[][] {a, b};
        }
        double[] outA = new double[Math.min(usersA.length, usersB.length)];
        double[] outB = new double[outA.length];
        int i = 0;
        int j = 0;
        int w = 0;
        while (i < usersA.length && j < usersB.length) {
            if (usersA[i] == usersB[j]) {
                outA[w] = a[i++];
                outB[w++] = b[j++];
            } else if (usersA[i] < usersB[j]) {
                i++;
            } else {
                j++;
            }
        }
        return new double[][] {Arrays.copyOf(outA, w), Arrays.copyOf(outB, w)};
    }
}
