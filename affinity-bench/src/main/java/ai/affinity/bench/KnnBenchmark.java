package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.knn.ItemKnn;
import ai.affinity.model.knn.UserKnn;
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
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whole-job benchmark of the neighbourhood models on a synthetic data set (media off), default
 * parameters: item-kNN fit seconds over all training events (best of {@code --repeats}), and
 * user-kNN scoring rate (users/s) for {@code --users} distinct users drawn by seed, each scored over
 * every item from their own history as known users (scoring only, no top-K).
 *
 * <pre>
 * java -Xmx12g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.KnnBenchmark \
 *     [--preset large] [--seed 42] [--threads N] [--repeats 2] [--users 10000] \
 *     [--out affinity-bench/results/knn-synthetic-large.json]
 * </pre>
 */
public final class KnnBenchmark {
    private KnnBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String preset = "large";
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        int repeats = 2;
        int users = 10_000;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--preset" -> preset = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --preset, --seed, --threads, --repeats, --users, --out");
            }
        }
        long t0 = System.nanoTime();
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.preset(preset).withMedia(false), seed);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        Interactions x = data.interactions();
        TrainingData training = TrainingData.of(x);
        long sumSquares = 0;
        for (int u = 0; u < x.numUsers(); u++) {
            sumSquares += (long) x.userCount(u) * x.userCount(u);
        }
        long sumSquaredItemCounts = 0;
        for (int c : x.itemCounts()) {
            sumSquaredItemCounts += (long) c * c;
        }
        System.err.printf("data: %d users, %d items, %d events, Σ|u|² = %d, Σ|U_i|² = %d (generated in %.1fs)%n",
                x.numUsers(), x.numItems(), x.numEvents(), sumSquares, sumSquaredItemCounts, generateSeconds);
        x.byItem(); // built once, shared by every fit: not part of the timed fit

        ItemKnn itemKnn = new ItemKnn();
        double[] fitTimes = new double[repeats];
        double[] fitCpu = new double[repeats];
        double bestFit = Double.MAX_VALUE;
        ItemKnn.ItemKnnModel itemModel = null;
        for (int r = 0; r < repeats; r++) {
            long s = System.nanoTime();
            double cpu0 = cpuSeconds();
            itemModel = itemKnn.fit(training, new FitContext(seed, threads, Progress.silent()));
            fitTimes[r] = (System.nanoTime() - s) / 1e9;
            fitCpu[r] = cpuSeconds() - cpu0;
            bestFit = Math.min(bestFit, fitTimes[r]);
            System.err.printf("itemknn fit %d: %.2fs wall, %.2fs process CPU (%d neighbour entries)%n", r + 1, fitTimes[r],
                    fitCpu[r], itemModel.numEntries());
        }

        UserKnn userKnn = new UserKnn();
        long s = System.nanoTime();
        UserKnn.UserKnnModel userModel = userKnn.fit(training, new FitContext(seed, threads, Progress.silent()));
        double userFitSeconds = (System.nanoTime() - s) / 1e9;
        int[] sample = sampleUsers(x, Math.min(users, x.numActiveUsers()), seed);
        List<UserQuery> queries = new ArrayList<>(sample.length);
        for (int u : sample) {
            queries.add(new UserQuery(u, x.history(u), null));
        }
        double[] scoreTimes = new double[repeats];
        double[] scoreCpu = new double[repeats];
        double bestScore = Double.MAX_VALUE;
        double checksum = 0;
        for (int r = 0; r < repeats; r++) {
            long st = System.nanoTime();
            double cpu0 = cpuSeconds();
            checksum = scoreAll(userModel, queries, threads);
            scoreTimes[r] = (System.nanoTime() - st) / 1e9;
            scoreCpu[r] = cpuSeconds() - cpu0;
            bestScore = Math.min(bestScore, scoreTimes[r]);
            System.err.printf("userknn scoring %d: %d users in %.2fs wall, %.2fs process CPU (%.0f users/s)%n", r + 1,
                    sample.length, scoreTimes[r], scoreCpu[r], sample.length / scoreTimes[r]);
        }

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "item-kNN fit seconds and user-kNN scoring rate, default parameters");
        record.put("command", "java -Xmx12g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.KnnBenchmark "
                + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("data", Map.of("name", data.name(), "users", x.numUsers(), "items", x.numItems(),
                "events", x.numEvents(), "seed", seed, "media", false, "sum_squared_user_lengths", sumSquares,
                "sum_squared_item_counts", sumSquaredItemCounts));
        record.put("threads", threads);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("params", itemKnn.params());
        item.put("fit_seconds_per_repeat", fitTimes);
        item.put("best_fit_seconds", bestFit);
        item.put("process_cpu_seconds_per_repeat", fitCpu);
        item.put("neighbour_entries", itemModel.numEntries());
        item.put("note", "by-item view built before timing; fit = similarities, top-k heaps, transpose to CSR");
        record.put("itemknn", item);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("params", userKnn.params());
        user.put("fit_seconds", userFitSeconds);
        user.put("scored_users", sample.length);
        user.put("items_scored_per_user", x.numItems());
        user.put("seconds_per_repeat", scoreTimes);
        user.put("best_seconds", bestScore);
        user.put("users_per_second", sample.length / bestScore);
        user.put("process_cpu_seconds_per_repeat", scoreCpu);
        user.put("users_per_cpu_second", sample.length / Arrays.stream(scoreCpu).min().orElse(Double.NaN));
        user.put("score_checksum", checksum);
        record.put("userknn", user);
        record.put("note", "wall times on a busy shared machine are disturbed by other work; process CPU seconds are"
                + " less so (they include JIT and GC threads)");
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }

    /** CPU time of this process (all threads), in seconds. */
    private static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** {@code n} distinct users with at least one event, drawn by a seeded partial shuffle. */
    private static int[] sampleUsers(Interactions x, int n, long seed) {
        int[] active = new int[x.numActiveUsers()];
        int k = 0;
        for (int u = 0; u < x.numUsers(); u++) {
            if (x.userCount(u) > 0) {
                active[k++] = u;
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(active.length - i);
            int t = active[i];
            active[i] = active[j];
            active[j] = t;
        }
        return Arrays.copyOf(active, n);
    }

    /** Scores every query on {@code threads} threads; returns a checksum so the work is not optimised away. */
    private static double scoreAll(UserKnn.UserKnnModel model, List<UserQuery> queries, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    float[] scores = new float[model.numItems()];
                    double sum = 0;
                    for (int q = first; q < queries.size(); q += threads) {
                        model.score(queries.get(q), scores);
                        sum += scores[q % scores.length];
                    }
                    return sum;
                }));
            }
            double total = 0;
            for (Future<Double> f : parts) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
