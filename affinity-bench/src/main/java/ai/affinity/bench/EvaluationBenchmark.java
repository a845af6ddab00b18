package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whole-job benchmark: full-ranking evaluation of most-popular over every user of a synthetic data
 * set at K = 5, 10, 20. Reports users per second of the evaluation alone (scoring, exclusion of
 * training items, top-K, all metrics, bootstrap CIs), and records command, machine and numbers.
 *
 * <pre>
 * java -Xmx8g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.EvaluationBenchmark \
 *     [--preset large] [--seed 42] [--threads N] [--repeats 3] [--out affinity-bench/results/eval-pop-synthetic-large.json]
 * </pre>
 */
public final class EvaluationBenchmark {
    private EvaluationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String preset = "large";
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        int repeats = 3;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--preset" -> preset = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --preset, --seed, --threads, --repeats, --out");
            }
        }
        long t0 = System.nanoTime();
        // Media (images, audio) play no part in evaluation speed; leave them out to keep memory low.
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.preset(preset).withMedia(false), seed);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        Split split = RandomHoldout.split(data.interactions(), 0.2, seed);
        double splitSeconds = (System.nanoTime() - t0) / 1e9;
        Model pop = new Popularity().fit(TrainingData.of(split.train()), FitContext.seeded(seed));
        Evaluator evaluator = new Evaluator(new Evaluator.Options(new int[] {5, 10, 20}, 0, threads, seed, 0));
        System.err.printf("data: %d users, %d items, %d events (generated in %.1fs, split in %.1fs)%n",
                data.numUsers(), data.numItems(), data.interactions().numEvents(), generateSeconds, splitSeconds);

        double best = Double.MAX_VALUE;
        double[] times = new double[repeats];
        ModelResult result = null;
        for (int r = 0; r < repeats; r++) {
            long s = System.nanoTime();
            result = evaluator.evaluate("pop", Map.of(), 0, pop, split, data.items(), data.users(), Progress.silent());
            times[r] = (System.nanoTime() - s) / 1e9;
            best = Math.min(best, times[r]);
            System.err.printf("repeat %d: %d users in %.2fs (%.0f users/s)%n", r + 1, result.users().length, times[r],
                    result.users().length / times[r]);
        }
        int users = result.users().length;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "full-ranking evaluation of most-popular, K=5,10,20, all metrics + bootstrap CIs");
        record.put("command", "java -Xmx8g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.EvaluationBenchmark "
                + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("data", Map.of("name", data.name(), "users", data.numUsers(), "items", data.numItems(),
                "events", data.interactions().numEvents(), "seed", seed));
        record.put("threads", threads);
        record.put("evaluated_users", users);
        record.put("items_ranked_per_user", data.numItems());
        record.put("seconds_per_repeat", times);
        record.put("best_seconds", best);
        record.put("users_per_second", users / best);
        record.put("floor", "100k users x 20k items in under 60 s");
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String key : new String[] {"ndcg@10", "recall@10", "precision@10", "coverage@10"}) {
            MetricSummary m = result.metrics().get(key);
            metrics.put(key, m.mean());
        }
        record.put("metrics", metrics);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }
}
