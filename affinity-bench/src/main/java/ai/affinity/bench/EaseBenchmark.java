package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.ease.Ease;
import ai.affinity.model.ease.EaseModel;
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
import java.util.Map;

/**
 * Whole-job benchmark: EASE fit time on synthetic data with 10k items ({@code medium}) and 20k
 * items ({@code large}), split into its stages: the dense Gram matrix from the sparse events, the
 * in-place Cholesky inverse ({@code m³} multiply-adds; {@code inverse_gflops} counts {@code 2m³}
 * floating-point operations) and the float weights. Every event of the data set is
 * training data (no split: only the fit is timed). Records command, machine and numbers.
 *
 * <pre>
 * java -Xmx16g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.EaseBenchmark \
 *     [--presets medium,large] [--seed 42] [--threads N] [--lambda 400] [--out affinity-bench/results/ease-fit.json]
 * </pre>
 * The 20k-item case holds a 3.2 GB double matrix and 1.6 GB of float weights at once: give it
 * at least 8 GB of heap, and run it on an otherwise idle machine.
 */
public final class EaseBenchmark {
    private EaseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String presets = "medium,large";
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        double lambda = Ease.DEFAULT_LAMBDA;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--presets" -> presets = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--lambda" -> lambda = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --presets, --seed, --threads, --lambda, --out");
            }
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String preset : presets.split(",")) {
            runs.add(run(preset.trim(), seed, threads, lambda));
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "EASE fit: dense Gram from sparse events, in-place blocked Cholesky inverse, float weights");
        record.put("command", "java -Xmx16g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.EaseBenchmark "
                + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        record.put("threads", threads);
        record.put("lambda", lambda);
        record.put("runs", runs);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }

    private static Map<String, Object> run(String preset, long seed, int threads, double lambda) {
        long t0 = System.nanoTime();
        // Media play no part in EASE; leave them out to keep memory for the matrices.
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.preset(preset).withMedia(false), seed);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        Interactions x = data.interactions();
        System.err.printf("%s: %d users, %d items, %d events (generated in %.1fs)%n", data.name(), x.numUsers(),
                x.numItems(), x.numEvents(), generateSeconds);
        TrainingData training = TrainingData.of(x);
        long s = System.nanoTime();
        EaseModel model = new Ease(lambda, true).fit(training, new FitContext(seed, threads, Progress.silent()));
        double fitSeconds = (System.nanoTime() - s) / 1e9;
        Map<String, Double> stages = model.fitSeconds();
        long m = model.numActiveItems();
        double inverse = stages.get("inverse");
        System.err.printf("%s: fit %.1fs (gram %.1fs, inverse %.1fs = %.1f GFLOP/s, weights %.1fs) for %d items%n",
                preset, fitSeconds, stages.get("gram"), inverse, 2.0 * m * m * m / inverse / 1e9, stages.get("weights"), m);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("data", Map.of("name", data.name(), "users", x.numUsers(), "items", x.numItems(),
                "events", x.numEvents(), "seed", seed));
        r.put("active_items", m);
        r.put("fit_seconds", fitSeconds);
        r.put("gram_seconds", stages.get("gram"));
        r.put("inverse_seconds", inverse);
        r.put("weights_seconds", stages.get("weights"));
        // The SPD inverse is m³ multiply-adds (n³/3 each for factor, triangular inverse and product).
        r.put("inverse_gflops", 2.0 * m * m * m / inverse / 1e9);
        r.put("dense_matrix_bytes", 8L * m * m);
        r.put("weights_bytes", 4L * m * m);
        return r;
    }
}
