package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.baseline.RandomRecommender;
import ai.affinity.model.content.TfIdf;
import ai.affinity.model.segment.SegmentPopularity;
import ai.affinity.split.ColdItems;
import ai.affinity.split.ColdUsers;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.tune.SearchSpace;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The content and segment baselines on MovieLens 100K: TF-IDF ({@code tfidf}) and segment popularity
 * ({@code segpop}) against most-popular and random, NDCG@10 with full ranking, on three protocols
 * (seed 42): random 25% per-user holdout; cold items (20% of items, ranking over cold items only);
 * cold users (20% of users, 3 revealed events plus their features).
 *
 * <p>With {@code --tune tfidf|segpop} it instead tunes on the validation carve-out of the random
 * split ({@code Validation.carve(split, 0.25, seed)}, never the test set) by coordinate search over
 * the algorithm's {@link SearchSpace}: starting from the defaults, each parameter in turn is set to
 * its best value with the others fixed, for {@code --rounds} rounds (starting from {@code --from
 * key=value,...} instead when given); every evaluated configuration is printed and recorded.
 *
 * <pre>
 * java -Xmx4g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.ContentBaselinesBenchmark \
 *     --data /work/shared/data/ml-100k [--seed 42] [--threads 2] [--tune tfidf|segpop] [--rounds 2] [--from k=v,...] [--out FILE]
 * </pre>
 */
public final class ContentBaselinesBenchmark {
    private ContentBaselinesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("../shared/data/ml-100k");
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        String tune = null;
        int rounds = 2;
        String from = "";
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dir = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--tune" -> tune = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--from" -> from = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --data, --seed, --threads, --tune, --rounds, --from, --out");
            }
        }
        Dataset data = DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
        Evaluator evaluator = new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, seed, 200));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("command", "java -Xmx4g -cp affinity-bench/target/benchmarks.jar "
                + ContentBaselinesBenchmark.class.getName() + " " + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("data", Map.of("name", data.name(), "users", data.numUsers(), "items", data.numItems(),
                "events", data.interactions().numEvents()));
        record.put("seed", seed);
        record.put("metric", "ndcg@10, full ranking (cold-items: over cold items only)");
        if (tune != null) {
            record.put("tuning", tune(tune, from, data, seed, threads, rounds, evaluator));
        } else {
            record.put("results", evaluateAll(data, seed, threads, evaluator));
        }
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }

    private static Map<String, Object> evaluateAll(Dataset data, long seed, int threads, Evaluator evaluator) {
        Map<String, Split> splits = new LinkedHashMap<>();
        splits.put("random-25", RandomHoldout.split(data.interactions(), 0.25, seed));
        splits.put("cold-items-20", new ColdItems(0.2).split(data.interactions(), seed));
        splits.put("cold-users-20-revealed-3", new ColdUsers(0.2, 3, 0).split(data.interactions(), seed));
        List<Algorithm<?>> algorithms = List.of(new Popularity(), new RandomRecommender(), TfIdf.defaults(),
                TfIdf.fromParams(Map.of("mode", TfIdf.defaults().mode().equals("knn") ? "profile" : "knn")),
                SegmentPopularity.defaults(), SegmentPopularity.fromParams(Map.of("by", "item:genre")));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Split> e : splits.entrySet()) {
            Split split = e.getValue();
            Map<String, Object> rows = new LinkedHashMap<>();
            for (Algorithm<?> a : algorithms) {
                Map<String, Object> row = evaluate(a, data, split, seed, threads, evaluator);
                String label = a.name() + (a.name().equals("tfidf") ? ":mode=" + ((TfIdf) a).mode()
                        : a.name().equals("segpop") ? ":by=" + ((SegmentPopularity) a).by() : "");
                rows.put(label, row);
                System.err.printf(Locale.ROOT, "%-26s %-32s ndcg@10 %.4f [%.4f, %.4f]  fit %.2fs eval %.2fs%n",
                        e.getKey(), label, row.get("ndcg@10"), row.get("ndcg@10_ci_low"), row.get("ndcg@10_ci_high"),
                        row.get("fit_seconds"), row.get("eval_seconds"));
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("protocol", split.protocol());
            s.put("params", split.params());
            s.put("models", rows);
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static Map<String, Object> evaluate(Algorithm<?> a, Dataset data, Split split, long seed, int threads,
                                                Evaluator evaluator) {
        long t0 = System.nanoTime();
        Model m = a.fit(new TrainingData(split.train(), data.items(), data.users(), null),
                new FitContext(seed, threads, Progress.silent()));
        double fit = (System.nanoTime() - t0) / 1e9;
        ModelResult r = evaluator.evaluate(a.name(), a.params(), fit, m, split, data.items(), data.users(),
                Progress.silent());
        MetricSummary ndcg = r.metrics().get("ndcg@10");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("params", a.params());
        row.put("ndcg@10", ndcg.mean());
        row.put("ndcg@10_ci_low", ndcg.ciLow());
        row.put("ndcg@10_ci_high", ndcg.ciHigh());
        row.put("recall@10", r.metrics().get("recall@10").mean());
        row.put("users", r.users().length);
        row.put("fit_seconds", fit);
        row.put("eval_seconds", r.evalSeconds());
        return row;
    }

    private static Map<String, Object> tune(String name, String from, Dataset data, long seed, int threads,
                                            int rounds, Evaluator evaluator) {
        Split validation = Validation.carve(RandomHoldout.split(data.interactions(), 0.25, seed), 0.25, seed);
        SearchSpace space = AlgorithmRegistry.searchSpace(name);
        Map<String, String> best = new LinkedHashMap<>();
        // The starting point: the defaults, or the configuration given with --from (a spec such as "mode=knn,k=50").
        Algorithm<?> start = AlgorithmRegistry.create(from.isEmpty() ? name : name + ":" + from);
        start.params().forEach((k, v) -> best.put(k, String.valueOf(v)));
        Map<String, Double> seen = new LinkedHashMap<>();
        double bestScore = score(name, best, data, validation, seed, threads, evaluator, seen);
        for (int round = 0; round < rounds; round++) {
            boolean changed = false;
            for (SearchSpace.Param p : space.params()) {
                for (String v : gridValues(p)) {
                    Map<String, String> c = new LinkedHashMap<>(best);
                    c.put(p.name(), v);
                    double s = score(name, c, data, validation, seed, threads, evaluator, seen);
                    if (s > bestScore + 1e-9) {
                        bestScore = s;
                        best.clear();
                        best.putAll(c);
                        changed = true;
                    }
                }
            }
            System.err.printf(Locale.ROOT, "round %d best %.4f %s%n", round + 1, bestScore, best);
            if (!changed) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", validation.protocol());
        out.put("validation_params", validation.params());
        out.put("best", best);
        out.put("best_ndcg@10", bestScore);
        out.put("evaluated", seen);
        return out;
    }

    private static List<String> gridValues(SearchSpace.Param p) {
        if (p instanceof SearchSpace.Choice c) {
            return c.values();
        }
        List<String> v = new ArrayList<>();
        for (Map<String, String> m : SearchSpace.of(p).grid()) {
            v.add(m.get(p.name()));
        }
        return v;
    }

    private static double score(String name, Map<String, String> config, Dataset data, Split split, long seed,
                                int threads, Evaluator evaluator, Map<String, Double> seen) {
        Algorithm<?> a = AlgorithmRegistry.create(name, config);
        String key = a.params().toString();
        Double cached = seen.get(key);
        if (cached != null) {
            return cached;
        }
        double s = (double) evaluate(a, data, split, seed, threads, evaluator).get("ndcg@10");
        seen.put(key, s);
        System.err.printf(Locale.ROOT, "  %.4f %s%n", s, key);
        return s;
    }
}
