package ai.affinity.eval;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One evaluation run: fits each algorithm on the split's training part only, evaluates it on the
 * test part, and compares every model with the best baseline by paired tests.
 */
public final class Experiment {
    /** Traditional methods that count as baselines when picking the reference for paired tests. */
    public static final Set<String> BASELINES =
            Set.of("pop", "random", "segpop", "itemknn", "userknn", "bpr", "ials", "ease", "tfidf");

    private Experiment() {
    }

    /**
     * Runs the experiment.
     *
     * @param baseline the reference model name, or null for the best baseline by the primary metric
     * @param runInfo  command, seed and machine facts written into the result
     */
    public static EvaluationResult run(Dataset data, Split split, List<? extends Algorithm<?>> algorithms,
                                       Evaluator.Options options, String baseline, Map<String, Object> runInfo,
                                       Progress progress) {
        Evaluator evaluator = new Evaluator(options);
        TrainingData training = new TrainingData(split.train(), data.items(), data.users(), null);
        List<ModelResult> results = new ArrayList<>();
        for (Algorithm<?> algorithm : algorithms) {
            long t0 = System.nanoTime();
            Model model = algorithm.fit(training, new FitContext(options.seed(), options.threads(), progress));
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            results.add(evaluator.evaluate(algorithm.name(), algorithm.params(), fitSeconds, model, split,
                    data.items(), data.users(), progress));
        }
        int primaryK = primaryK(options.ks());
        List<Comparison> comparisons = List.of();
        if (results.size() > 1) {
            String reference = baseline;
            if (reference == null) {
                List<String> names = new ArrayList<>();
                for (ModelResult r : results) {
                    if (BASELINES.contains(r.name())) {
                        names.add(r.name());
                    }
                }
                if (names.isEmpty()) {
                    results.forEach(r -> names.add(r.name()));
                }
                reference = Comparisons.best(results, names, "ndcg@" + primaryK);
            }
            if (reference != null) {
                comparisons = Comparisons.against(results, reference, comparisonMetrics(options.ks()));
            }
        }
        return new EvaluationResult(datasetFacts(data), protocolFacts(split, options, evaluatedUsers(results)),
                options.ks(), results, comparisons, runInfo);
    }

    /** The cutoff used for headline numbers: 10 when evaluated, else the middle one. */
    public static int primaryK(int[] ks) {
        for (int k : ks) {
            if (k == 10) {
                return 10;
            }
        }
        return ks[ks.length / 2];
    }

    static List<String> comparisonMetrics(int[] ks) {
        int pk = primaryK(ks);
        List<String> metrics = new ArrayList<>();
        for (String family : List.of("precision", "recall", "f1", "ndcg", "map", "mrr", "hit")) {
            metrics.add(family + "@" + pk);
        }
        for (int k : ks) {
            if (k != pk) {
                metrics.add("ndcg@" + k);
            }
        }
        return metrics;
    }

    private static int evaluatedUsers(List<ModelResult> results) {
        return results.isEmpty() ? 0 : results.get(0).users().length;
    }

    /** Facts about the data set for results.json. */
    public static Map<String, Object> datasetFacts(Dataset data) {
        Interactions x = data.interactions();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", data.name());
        m.putAll(data.info());
        m.put("users", x.numUsers());
        m.put("items", x.numItems());
        m.put("events", x.numEvents());
        m.put("density", x.numUsers() == 0 || x.numItems() == 0 ? 0.0
                : (double) x.numEvents() / ((double) x.numUsers() * x.numItems()));
        m.put("first_timestamp", x.minTimestamp());
        m.put("last_timestamp", x.maxTimestamp());
        m.put("lines_skipped", data.report().skippedTotal());
        m.put("duplicates_merged", data.report().duplicatesMerged());
        return m;
    }

    /** Facts about the protocol for results.json: name, ranking mode, parameters, sizes. */
    public static Map<String, Object> protocolFacts(Split split, Evaluator.Options options, int testUsers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", split.protocol());
        m.put("ranking", options.sampled() ? "sampled" : "full");
        if (options.sampled()) {
            m.put("sampled_negatives", options.sampledNegatives());
        }
        m.putAll(split.params());
        m.put("seed", options.seed());
        m.put("train_events", split.train().numEvents());
        m.put("test_events", split.test().numEvents());
        m.put("test_users", testUsers);
        m.put("candidates", split.candidates() == null ? "all items" : split.candidates().length + " items");
        m.put("excluded", "items in the user's query history");
        m.put("relevant", "every held-out event of the user");
        m.put("confidence_interval", "95% percentile bootstrap over test users");
        m.put("bootstrap_resamples", options.bootstrapResamples() > 0 ? options.bootstrapResamples()
                : ai.affinity.metric.Bootstrap.defaultResamples(testUsers));
        m.put("paired_test", "paired t-test over test users");
        return m;
    }
}
