package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.als.Ials;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-job benchmark: seconds per iALS iteration (one pass over users and one over items) on a
 * synthetic data set, for Affinity's conjugate-gradient solver (and, with {@code --cholesky}, its
 * exact solver), and with {@code --spark} for Spark MLlib's ALS ({@code implicitPrefs=true}) in
 * {@code local[threads]} mode on the same events with the same rank, alpha and regParam, in the same
 * run.
 *
 * <p>How "per iteration" is measured, the same way for every system: a fit with {@code k1}
 * iterations and a fit with {@code k2 > k1} iterations (defaults 1 and 3), seconds per iteration
 * = {@code (t(k2) - t(k1)) / (k2 - k1)}. The difference cancels everything done once per fit (data
 * layout, Spark's partitioning of ratings into blocks, the final materialisation of the factors),
 * leaving the alternating passes. Affinity's timed fits follow one discarded warm-up fit; Spark's
 * follow {@code --spark-warmups} (default 0: each Spark iteration takes minutes, and JIT time left in
 * its k1 fit only makes Spark's per-iteration figure smaller, i.e. the comparison conservative).
 *
 * <p>Objective alignment: Spark scales its regParam by each row's number of ratings and uses
 * {@code c = 1 + alpha·|r|}; Affinity runs with {@code scale_lambda=true} and every event counting
 * {@code r = 1}, and Spark gets every rating as 1.0, so both minimise the same loss. Spark solves each
 * row exactly (Cholesky of {@code f x f}); Affinity's default solver does 3 conjugate-gradient steps.
 *
 * <pre>
 * java -Xmx12g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.IalsBenchmark \
 *     [--preset large] [--seed 42] [--factors 64] [--threads 2] [--alpha 1] [--lambda 0.1] \
 *     [--iterations 1,3] [--cholesky] [--spark] [--spark-warmups 0] [--out affinity-bench/results/ials-vs-spark-synthetic-large.json]
 * </pre>
 * {@code --spark} needs the {@code spark} Maven profile's classes and Spark on the class path; see
 * {@code affinity-bench/run-ials-vs-spark.sh} for the exact build and JVM flags.
 */
public final class IalsBenchmark {
    /** The Spark side, compiled only in the {@code spark} profile (src/spark/java). */
    public interface ExternalAls {
        /** What is being timed, for the record (library, version, settings). */
        Map<String, Object> describe();

        /**
         * Fits ALS on {@code data} once per entry of {@code maxIters} (after {@code warmups} discarded
         * fits of {@code maxIters[0]}) and returns each fit's wall-clock seconds.
         */
        double[] fitSeconds(Interactions data, int rank, double alpha, double regParam, int threads, long seed,
                            int[] maxIters, int warmups) throws Exception;
    }

    private static final String SPARK_CLASS = "ai.affinity.bench.spark.SparkAls";

    private IalsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String preset = "large";
        long seed = 42;
        int factors = 64;
        int threads = 2;
        double alpha = 1.0;
        double lambda = 0.1;
        int[] iters = {1, 3};
        boolean cholesky = false;
        boolean spark = false;
        int sparkWarmups = 0;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--preset" -> preset = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--factors" -> factors = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--alpha" -> alpha = Double.parseDouble(args[++i]);
                case "--lambda" -> lambda = Double.parseDouble(args[++i]);
                case "--iterations" -> {
                    String[] p = args[++i].split(",");
                    iters = new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
                }
                case "--cholesky" -> cholesky = true;
                case "--spark" -> spark = true;
                case "--spark-warmups" -> sparkWarmups = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --preset,"
                        + " --seed, --factors, --threads, --alpha, --lambda, --iterations k1,k2, --cholesky, --spark, --spark-warmups, --out");
            }
        }
        if (iters[0] < 1 || iters[1] <= iters[0]) {
            throw new IllegalArgumentException("--iterations k1,k2 needs 1 <= k1 < k2");
        }
        ExternalAls sparkAls = spark ? loadSpark() : null;

        long t0 = System.nanoTime();
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.preset(preset).withMedia(false), seed);
        Interactions train = data.interactions();
        System.err.printf("data: %d users, %d items, %d events (generated in %.1fs)%n", train.numUsers(),
                train.numItems(), train.numEvents(), (System.nanoTime() - t0) / 1e9);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "seconds per iALS iteration (users + items pass), implicit feedback, rank "
                + factors + ", " + threads + " threads");
        record.put("command", "java -Xmx12g -cp <benchmarks.jar[:spark classpath]> ai.affinity.bench.IalsBenchmark "
                + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("data", Map.of("name", data.name(), "users", train.numUsers(), "items", train.numItems(),
                "events", train.numEvents(), "seed", seed));
        record.put("method", "per-iteration seconds = (t(fit with k2 iterations) - t(fit with k1 iterations)) / (k2 - k1)"
                + ", k1=" + iters[0] + ", k2=" + iters[1] + "; Affinity after one discarded warm-up fit of k1 iterations,"
                + " Spark after " + sparkWarmups + " (JIT time left in Spark's k1 fit only lowers its per-iteration figure)");
        record.put("settings", Map.of("rank", factors, "alpha", alpha, "reg_param", lambda,
                "reg_scaled_by_row_count", true, "confidence", "1 + alpha * r with r = 1 for every event",
                "threads", threads));

        Ials cg = new Ials(factors, alpha, lambda, iters[0], Ials.Confidence.LINEAR, 1.0, false, true,
                Ials.Solver.CG, Ials.DEFAULT_CG_STEPS, 0.01);
        double loadBefore = loadAverage();
        Map<String, Object> affinity = timeAffinity(cg, train, seed, threads, iters);
        affinity.put("load_average_before_after", List.of(loadBefore, loadAverage()));
        record.put("affinity_cg", affinity);
        Map<String, Object> exact = null;
        if (cholesky) {
            exact = timeAffinity(cg.withSolver(Ials.Solver.CHOLESKY), train, seed, threads, iters);
            record.put("affinity_cholesky", exact);
        }
        if (sparkAls != null) {
            double sparkLoadBefore = loadAverage();
            double[] s = sparkAls.fitSeconds(train, factors, alpha, lambda, threads, seed, iters, sparkWarmups);
            Map<String, Object> sp = new LinkedHashMap<>(sparkAls.describe());
            sp.put("load_average_before_after", List.of(sparkLoadBefore, loadAverage()));
            sp.put("fit_seconds", Map.of("k1", s[0], "k2", s[1]));
            double perIter = (s[1] - s[0]) / (iters[1] - iters[0]);
            sp.put("seconds_per_iteration", perIter);
            record.put("spark_mllib", sp);
            double speedup = perIter / (double) affinity.get("seconds_per_iteration");
            record.put("speedup_cg_vs_spark", speedup);
            System.err.printf("Spark %.2fs/iteration, Affinity CG %.2fs/iteration: %.1fx%n", perIter,
                    (double) affinity.get("seconds_per_iteration"), speedup);
            if (exact != null) {
                record.put("speedup_cholesky_vs_spark", perIter / (double) exact.get("seconds_per_iteration"));
            }
            record.put("goal", "Affinity >= 10x faster per iteration than Spark MLlib ALS");
        }
        record.put("note", "the 1-minute load average before and after each system's timing shows how much other"
                + " work shared the machine (" + Runtime.getRuntime().availableProcessors() + " cores); rerun on a quiet"
                + " machine for final numbers");
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }

    private static Map<String, Object> timeAffinity(Ials base, Interactions train, long seed, int threads, int[] iters) {
        Ials warm = base.with(base.factors(), base.alpha(), base.lambda(), iters[0]);
        warm.fit(TrainingData.of(train), new FitContext(seed, threads, null));
        double[] seconds = new double[2];
        List<Double> perIteration = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Ials p = base.with(base.factors(), base.alpha(), base.lambda(), iters[k]);
            IterationClock clock = new IterationClock();
            long s = System.nanoTime();
            p.fit(TrainingData.of(train), new FitContext(seed, threads, clock));
            seconds[k] = (System.nanoTime() - s) / 1e9;
            if (k == 1) {
                perIteration = clock.lapSeconds();
            }
            System.err.printf("affinity %s: %d iterations in %.2fs%n", p.solver(), iters[k], seconds[k]);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("params", base.params());
        m.put("fit_seconds", Map.of("k1", seconds[0], "k2", seconds[1]));
        m.put("seconds_per_iteration", (seconds[1] - seconds[0]) / (iters[1] - iters[0]));
        m.put("each_iteration_seconds_of_k2_fit", perIteration);
        return m;
    }

    /** The 1-minute system load average, -1 where unavailable. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static ExternalAls loadSpark() {
        try {
            return (ExternalAls) Class.forName(SPARK_CLASS).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalStateException("--spark needs " + SPARK_CLASS + " and Spark on the class path: build with "
                    + "'./mvnw -B -q -DskipTests -Pspark -pl affinity-bench -am package' and run "
                    + "affinity-bench/run-ials-vs-spark.sh (missing: " + e.getMessage() + ")", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start " + SPARK_CLASS + ": " + e, e);
        }
    }

    /** Records when each iteration ends ({@link Ials} advances its progress once per iteration). */
    private static final class IterationClock extends Progress {
        private final List<Long> stamps = new ArrayList<>();
        private long startNanos;

        IterationClock() {
            super(new PrintStream(OutputStream.nullOutputStream()), false);
        }

        @Override
        public void start(String task, long total) {
            startNanos = System.nanoTime();
        }

        @Override
        public synchronized void advance(long units) {
            stamps.add(System.nanoTime());
        }

        @Override
        public void finish() {
        }

        synchronized List<Double> lapSeconds() {
            List<Double> laps = new ArrayList<>();
            long prev = startNanos;
            for (long s : stamps) {
                laps.add((s - prev) / 1e9);
                prev = s;
            }
            return laps;
        }
    }
}
