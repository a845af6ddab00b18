package ai.affinity.report;

import ai.affinity.eval.Comparison;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-built evaluation result: two models, ks 5/10/20, one NaN, coverage without CI. */
final class ReportFixtures {
    static final String POP = "Pop & <Top>";
    static final String MF = "iALS \"f=64\", 'fast'";
    static final String[] FAMILIES = {"precision", "recall", "ndcg", "map", "mrr", "hit", "coverage"};
    static final int[] KS = {5, 10, 20};

    private ReportFixtures() {
    }

    /** Mean of a metric for model m (0 = Pop, 1 = MF): distinct, readable, growing with k. */
    static double mean(int m, String family, int k) {
        int f = List.of(FAMILIES).indexOf(family);
        return Math.round((0.05 + 0.03 * f + 0.004 * k + 0.06 * m) * 10000) / 10000.0;
    }

    static EvaluationResult result(boolean sampled) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", "tiny-fixture");
        dataset.put("users", 3);
        dataset.put("items", 40);
        dataset.put("events", 120);
        dataset.put("density", Double.NaN);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("name", "leave-last-out");
        protocol.put("ranking", sampled ? "sampled" : "full");
        if (sampled) {
            protocol.put("negatives", 100);
        }
        protocol.put("params", Map.of("validation", false));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", "affinity evaluate --data tiny --seed 42");
        run.put("seed", 42L);
        run.put("machine", "test-box, 2 cores");
        run.put("time", "2025-01-01T00:00:00Z");

        List<ModelResult> models = List.of(model(0, POP), model(1, MF));
        List<Comparison> comparisons = List.of(
                new Comparison(MF, POP, "ndcg@10", 0.06, 0.0123, "paired t-test"),
                new Comparison(MF, POP, "recall@10", 0.06, 3.2e-6, "paired t-test"));
        return new EvaluationResult(dataset, protocol, KS.clone(), models, comparisons, run);
    }

    private static ModelResult model(int m, String name) {
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        // Inserted in reverse so the tests can see the writers impose their own order.
        for (int ki = KS.length - 1; ki >= 0; ki--) {
            int k = KS[ki];
            for (int fi = FAMILIES.length - 1; fi >= 0; fi--) {
                String f = FAMILIES[fi];
                double mean = mean(m, f, k);
                if (f.equals("coverage")) {
                    metrics.put(f + "@" + k, new MetricSummary(mean, Double.NaN, Double.NaN, 3));
                } else if (m == 1 && f.equals("mrr") && k == 5) {
                    metrics.put(f + "@" + k, new MetricSummary(Double.NaN, Double.NaN, Double.NaN, 0));
                } else {
                    metrics.put(f + "@" + k, new MetricSummary(mean, mean - 0.02, mean + 0.03, 3));
                }
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("factors", m == 0 ? 0 : 64);
        params.put("reg", 0.01);
        Map<String, double[]> perUser = new LinkedHashMap<>();
        perUser.put("recall@10", new double[]{0.5, 0.0, 1.0});
        perUser.put("ndcg@10", new double[]{0.25, Double.NaN, 0.75});
        return new ModelResult(name, params, 1.5 + m, 0.25, metrics, new int[]{0, 2, 1}, perUser);
    }
}
