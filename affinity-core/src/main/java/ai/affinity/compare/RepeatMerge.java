package ai.affinity.compare;

import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.metric.Bootstrap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines one model's results over seeded repeats into one {@link ModelResult} whose unit is still
 * the user: a user's value is the mean of their values over the repeats that evaluated them (NaN
 * values skipped), so a user tested in every repeat counts once, not R times. Means, bootstrap
 * intervals (over users) and paired tests then work as for a single run. System-level metrics
 * (coverage, which have no per-user values) are averaged over repeats. Fit and evaluation times are
 * the mean per repeat.
 */
final class RepeatMerge {
    private RepeatMerge() {
    }

    /**
     * @param name       the merged result's name
     * @param runs       one result per repeat (at least one), all with the same per-user metric keys
     * @param resamples  bootstrap resamples for the merged intervals (0: {@link Bootstrap#defaultResamples})
     * @param seed       bootstrap seed
     */
    static ModelResult merge(String name, List<ModelResult> runs, int resamples, long seed) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no repeats to merge for " + name);
        }
        ModelResult first = runs.get(0);
        int[] users = unionUsers(runs);
        List<String> keys = new ArrayList<>(first.perUser().keySet());
        double[][] values = new double[keys.size()][users.length];
        int[] counts = new int[users.length];
        for (int m = 0; m < keys.size(); m++) {
            Arrays.fill(counts, 0);
            double[] sum = values[m];
            for (ModelResult r : runs) {
                double[] v = r.perUser().get(keys.get(m));
                if (v == null) {
                    continue;
                }
                int[] ru = r.users();
                for (int j = 0; j < ru.length; j++) {
                    if (!Double.isNaN(v[j])) {
                        int pos = Arrays.binarySearch(users, ru[j]);
                        sum[pos] += v[j];
                        counts[pos]++;
                    }
                }
            }
            for (int u = 0; u < users.length; u++) {
                sum[u] = counts[u] == 0 ? Double.NaN : sum[u] / counts[u];
            }
        }
        int b = resamples > 0 ? resamples : Bootstrap.defaultResamples(users.length);
        double[][] cis = users.length == 0 ? new double[keys.size()][] : Bootstrap.percentileCis(values, b, 0.95, seed);
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        Map<String, double[]> perUser = new LinkedHashMap<>();
        for (int m = 0; m < keys.size(); m++) {
            double[] ci = cis[m];
            metrics.put(keys.get(m), new MetricSummary(Bootstrap.nanMean(values[m]), ci == null ? Double.NaN : ci[0],
                    ci == null ? Double.NaN : ci[1], Bootstrap.countNonNaN(values[m])));
            perUser.put(keys.get(m), values[m]);
        }
        for (Map.Entry<String, MetricSummary> e : first.metrics().entrySet()) {
            if (!first.perUser().containsKey(e.getKey())) {
                double s = 0;
                int n = 0;
                for (ModelResult r : runs) {
                    MetricSummary x = r.metrics().get(e.getKey());
                    if (x != null && !Double.isNaN(x.mean())) {
                        s += x.mean();
                        n++;
                    }
                }
                metrics.put(e.getKey(), new MetricSummary(n == 0 ? Double.NaN : s / n, Double.NaN, Double.NaN,
                        e.getValue().n()));
            }
        }
        double fit = 0;
        double eval = 0;
        for (ModelResult r : runs) {
            fit += r.fitSeconds();
            eval += r.evalSeconds();
        }
        return new ModelResult(name, first.params(), fit / runs.size(), eval / runs.size(), metrics, users, perUser);
    }

    /** Mean of {@code metric} in each repeat, in repeat order (NaN where absent). */
    static double[] repeatMeans(List<ModelResult> runs, String metric) {
        double[] out = new double[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            MetricSummary s = runs.get(r).metrics().get(metric);
            out[r] = s == null ? Double.NaN : s.mean();
        }
        return out;
    }

    private static int[] unionUsers(List<ModelResult> runs) {
        int total = 0;
        for (ModelResult r : runs) {
            total += r.users().length;
        }
        int[] all = new int[total];
        int w = 0;
        for (ModelResult r : runs) {
            System.arraycopy(r.users(), 0, all, w, r.users().length);
            w += r.users().length;
        }
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n == 0 || all[i] != all[n - 1]) {
                all[n++] = all[i];
            }
        }
        return Arrays.copyOf(all, n);
    }
}
