package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.eval.Evaluator;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.als.Ials;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.util.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How the iALS defaults were chosen: random search over {@link Ials#SEARCH_SPACE} (plus value use and
 * λ scaling) on the MovieLens 100K validation carve-out, then a coordinate refinement around the
 * best, scored by NDCG@10 on the carve-out only; the best configuration is finally evaluated once on
 * the real test split. Deterministic for a seed.
 *
 * <pre>
 * java -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.IalsTuning \
 *     --data ../shared/data/ml-100k [--samples 60] [--seed 42] [--threads 2]
 * </pre>
 */
public final class IalsTuning {
    private IalsTuning() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("../shared/data/ml-100k");
        int samples = 60;
        long seed = 42;
        int threads = 2;
        List<String> explicit = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dir = Path.of(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--try" -> explicit.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --data, --samples, --seed, --threads, --try key=value,...");
            }
        }
        Dataset data = DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
        Split split = RandomHoldout.split(data.interactions(), 0.25, 42);
        Split validation = Validation.carve(split, 0.25, 42);
        Evaluator evaluator = new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, 42, 1));
        FitContext ctx = new FitContext(seed, threads, Progress.silent());

        if (!explicit.isEmpty()) {
            // Only score the given configurations on the validation carve-out.
            for (String spec : explicit) {
                Map<String, String> cfg = new LinkedHashMap<>();
                for (String kv : spec.split(",")) {
                    cfg.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                score(cfg, validation, evaluator, ctx);
            }
            return;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Map<String, String>> tried = new ArrayList<>();
        Map<String, String> best = null;
        double bestScore = -1;
        for (int s = 0; s < samples; s++) {
            Map<String, String> cfg = new LinkedHashMap<>(Ials.SEARCH_SPACE.sample(rng));
            cfg.put("use_values", rng.nextBoolean() ? "true" : "false");
            cfg.put("scale_lambda", rng.nextBoolean() ? "true" : "false");
            double score = score(cfg, validation, evaluator, ctx);
            tried.add(cfg);
            if (score > bestScore) {
                bestScore = score;
                best = cfg;
            }
        }
        System.out.printf(Locale.ROOT, "best of random search: %.4f %s%n", bestScore, best);
        // Coordinate refinement: scale each numeric parameter up and down while it helps.
        String[] numeric = {"factors", "alpha", "lambda", "iterations"};
        double[] factorsUp = {2, 1.5, 1.25};
        for (double step : factorsUp) {
            boolean improved = true;
            while (improved) {
                improved = false;
                for (String key : numeric) {
                    for (double mult : new double[] {step, 1 / step}) {
                        Map<String, String> cfg = new LinkedHashMap<>(best);
                        double v = Double.parseDouble(best.get(key)) * mult;
                        boolean integer = key.equals("factors") || key.equals("iterations");
                        if (integer) {
                            long iv = Math.round(v);
                            if (iv < 1 || iv > (key.equals("factors") ? 512 : 60)) {
                                continue;
                            }
                            cfg.put(key, Long.toString(iv));
                        } else {
                            cfg.put(key, String.format(Locale.ROOT, "%.4g", v));
                        }
                        if (tried.contains(cfg)) {
                            continue;
                        }
                        tried.add(cfg);
                        double score = score(cfg, validation, evaluator, ctx);
                        if (score > bestScore + 1e-4) {
                            bestScore = score;
                            best = cfg;
                            improved = true;
                        }
                    }
                }
                for (String key : new String[] {"confidence", "use_values", "scale_lambda"}) {
                    Map<String, String> cfg = new LinkedHashMap<>(best);
                    String v = best.get(key);
                    cfg.put(key, switch (v) {
                        case "linear" -> "log";
                        case "log" -> "linear";
                        case "true" -> "false";
                        default -> "true";
                    });
                    if (tried.contains(cfg)) {
                        continue;
                    }
                    tried.add(cfg);
                    double score = score(cfg, validation, evaluator, ctx);
                    if (score > bestScore + 1e-4) {
                        bestScore = score;
                        best = cfg;
                        improved = true;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "BEST validation ndcg@10 = %.4f with %s (%d configurations)%n", bestScore,
                best, tried.size());
        Evaluator testEvaluator = new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, 42, 200));
        Algorithm<?> algo = AlgorithmRegistry.create("ials", best);
        Model m = algo.fit(new TrainingData(split.train(), data.items(), data.users(), null), ctx);
        double test = testEvaluator.evaluate("ials", algo.params(), 0, m, split, data.items(), data.users(),
                Progress.silent()).metrics().get("ndcg@10").mean();
        System.out.printf(Locale.ROOT, "TEST ndcg@10 = %.4f with %s%n", test, best);
    }

    private static double score(Map<String, String> cfg, Split validation, Evaluator evaluator, FitContext ctx) {
        long t0 = System.nanoTime();
        Algorithm<?> algo = AlgorithmRegistry.create("ials", cfg);
        Model m = algo.fit(TrainingData.of(validation.train()), ctx);
        double ndcg = evaluator.evaluate("ials", algo.params(), 0, m, validation, null, null, Progress.silent())
                .metrics().get("ndcg@10").mean();
        System.out.printf(Locale.ROOT, "%.4f  %5.1fs  %s%n", ndcg, (System.nanoTime() - t0) / 1e9, cfg);
        return ndcg;
    }
}
