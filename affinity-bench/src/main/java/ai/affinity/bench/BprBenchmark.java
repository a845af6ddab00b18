package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.mf.Bpr;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-job benchmark of BPR-MF training speed: SGD triples per second, in total and per thread,
 * on every event of a synthetic data set (default: large, media off, 100k users × 20k items × 10M
 * events), for each requested thread count (Hogwild). Each epoch draws as many triples as there are
 * events; epoch times come from the fit's progress callbacks, so setup (sorting rows, initialising
 * factors) is not counted. The first epoch of each fit is reported but left out of the rate (JIT
 * warm-up); the rate is the median of the remaining epochs.
 *
 * <pre>
 * java -Xmx12g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.BprBenchmark \
 *     [--preset large] [--seed 42] [--factors 64] [--threads 1,2] [--epochs 4] [--sampling users|events] \
 *     [--out affinity-bench/results/bpr-synthetic-large.json]
 * </pre>
 */
public final class BprBenchmark {
    private BprBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String preset = "large";
        long seed = 42;
        int factors = 64;
        int epochs = 4;
        int[] threadCounts = {1, 2};
        String sampling = "users";
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--preset" -> preset = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--factors" -> factors = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> threadCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--sampling" -> sampling = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --preset, --seed, --factors, --epochs, --threads, --sampling, --out");
            }
        }
        if (epochs < 2) {
            throw new IllegalArgumentException("--epochs must be >= 2 (the first epoch is warm-up)");
        }
        // Other work on the machine disturbs the timing: record the load when we started.
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.preset(preset).withMedia(false), seed);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        Interactions x = data.interactions();
        System.err.printf("data: %d users, %d items, %d events (generated in %.1fs)%n",
                x.numUsers(), x.numItems(), x.numEvents(), generateSeconds);
        Bpr bpr = Bpr.fromParams(Map.of("factors", String.valueOf(factors), "epochs", String.valueOf(epochs),
                "sampling", sampling));

        List<Map<String, Object>> runs = new ArrayList<>();
        for (int threads : threadCounts) {
            EpochClock clock = new EpochClock();
            long s = System.nanoTime();
            bpr.fit(TrainingData.of(x), new FitContext(seed, threads, clock));
            double fitSeconds = (System.nanoTime() - s) / 1e9;
            double[] epochSeconds = clock.epochSeconds();
            double[] rest = Arrays.copyOfRange(epochSeconds, 1, epochSeconds.length);
            Arrays.sort(rest);
            double median = rest.length % 2 == 1 ? rest[rest.length / 2]
                    : (rest[rest.length / 2 - 1] + rest[rest.length / 2]) / 2;
            double total = x.numEvents() / median;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("threads", threads);
            run.put("epoch_seconds", epochSeconds);
            run.put("median_epoch_seconds_after_first", median);
            run.put("samples_per_second", total);
            run.put("samples_per_second_per_thread", total / threads);
            run.put("fit_seconds_including_setup", fitSeconds);
            runs.add(run);
            System.err.printf("threads %d: epochs %s s, %.2fM triples/s (%.2fM per thread), fit %.1fs%n", threads,
                    Arrays.toString(epochSeconds), total / 1e6, total / threads / 1e6, fitSeconds);
        }

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "BPR-MF Hogwild SGD training speed, triples per second, uniform negatives, sampling="
                + sampling);
        record.put("command", "java -Xmx12g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.BprBenchmark "
                + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("load_average_at_start", loadAtStart);
        record.put("data", Map.of("name", data.name(), "users", x.numUsers(), "items", x.numItems(),
                "events", x.numEvents(), "seed", seed, "media", false));
        record.put("params", bpr.params());
        record.put("samples_per_epoch", x.numEvents());
        record.put("runs", runs);
        record.put("note", "rate = events / median epoch time after the first epoch; Hogwild with more than one"
                + " thread is not bit-reproducible");
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }

    /** Records when training starts and when each epoch ends (BPR advances by one per epoch). */
    private static final class EpochClock extends Progress {
        private final List<Long> marks = new ArrayList<>();

        EpochClock() {
            super(null, false);
        }

        @Override
        public synchronized void start(String task, long total) {
            marks.clear();
            marks.add(System.nanoTime());
        }

        @Override
        public synchronized void advance(long units) {
            marks.add(System.nanoTime());
        }

        @Override
        public void finish() {
        }

        synchronized double[] epochSeconds() {
            double[] s = new double[marks.size() - 1];
            for (int e = 0; e < s.length; e++) {
                s[e] = (marks.get(e + 1) - marks.get(e)) / 1e9;
            }
            return s;
        }
    }
}
