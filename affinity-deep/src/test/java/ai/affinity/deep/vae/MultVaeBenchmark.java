package ai.affinity.deep.vae;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.deep.train.EpochStats;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-job benchmark of Mult-VAE on MovieLens 100K, per-user random 25% holdout (seed 42), full
 * ranking: fit time, seconds per epoch (median of epochs 2..N, training steps only) and NDCG@10 on
 * the test split, or with {@code --validation} on the validation carve-out (25% of training, seed 42,
 * what the defaults were tuned on). {@code --fit-fraction F} (validation only) fits on a random F of
 * each user's training events, scored on the same carve-out, to see how the best settings move with
 * the density of the fit set (the test fit sees 75% of each user's events, the validation fit 56%);
 * {@code --validation-fraction} and {@code --carve-seed} choose a smaller carve-out (a denser fit
 * set). {@code --export-split DIR} writes the split's training and held-out events to
 * {@code DIR/train.tsv} and {@code DIR/test.tsv} (users and items in {@code DIR/shape.txt}) and stops (for models run outside the JVM on the
 * same split). Lives in affinity-deep's test sources because affinity-bench does not depend on the DJL
 * module; run it with the test classpath:
 *
 * <pre>
 * ./mvnw -B -q -o -pl affinity-deep test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu java -Dai.djl.offline=true \
 *     -cp affinity-deep/target/classes:affinity-deep/target/test-classes:$(cat /tmp/cp.txt) \
 *     ai.affinity.deep.vae.MultVaeBenchmark [--data /work/shared/data/ml-100k] [--seed 42] [--threads N] \
 *     [--params epochs=200,anneal_cap=0.2] [--validation [--early-stop] [--fit-fraction F] [--validation-fraction 0.25] [--carve-seed 42]] [--export-split DIR] [--out affinity-bench/results/multvae-ml-100k.json]
 * </pre>
 */
public final class MultVaeBenchmark {
    private MultVaeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = "/work/shared/data/ml-100k";
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        String params = "";
        boolean validation = false;
        boolean earlyStop = false;
        double fitFraction = 1.0;
        double validationFraction = 0.25;
        long carveSeed = 42;
        Path exportSplit = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dir = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--params" -> params = args[++i];
                case "--validation" -> validation = true;
                case "--early-stop" -> earlyStop = true;
                case "--fit-fraction" -> fitFraction = Double.parseDouble(args[++i]);
                case "--validation-fraction" -> validationFraction = Double.parseDouble(args[++i]);
                case "--carve-seed" -> carveSeed = Long.parseLong(args[++i]);
                case "--export-split" -> exportSplit = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --data, --seed, --threads, --params, --validation, --early-stop, --fit-fraction,"
                        + " --validation-fraction, --carve-seed, --export-split, --out");
            }
        }
        Dataset data = DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
        Split test = RandomHoldout.split(data.interactions(), 0.25, 42);
        Split split = validation ? Validation.carve(test, validationFraction, carveSeed) : test;
        if (fitFraction < 1.0) {
            // A sparser fit set with the same held-out events: keep fitFraction of each user's training
            // events (split seed 42), to see how the best settings move with training density.
            if (!validation) {
                throw new IllegalArgumentException("--fit-fraction is for --validation runs only");
            }
            Interactions sparser = RandomHoldout.split(split.train(), 1.0 - fitFraction, 42).train();
            split = Split.of(split.protocol() + "-fit" + fitFraction, split.params(), sparser, split.test());
        }
        if (exportSplit != null) {
            // For models outside the JVM (affinity-bench/reference/multvae_variants.py): the exact split, no fit.
            Files.createDirectories(exportSplit);
            writeEvents(split.train(), exportSplit.resolve("train.tsv"));
            writeEvents(split.test(), exportSplit.resolve("test.tsv"));
            Files.writeString(exportSplit.resolve("shape.txt"), split.train().numUsers() + " " + split.train().numItems() + "\n");
            System.err.println("wrote " + exportSplit.resolve("train.tsv") + " and " + exportSplit.resolve("test.tsv"));
            return;
        }
        ai.affinity.deep.DeepModels.register();
        MultVae vae = (MultVae) AlgorithmRegistry.create(params.isBlank() ? "multvae" : "multvae:" + params);
        Progress progress = Progress.toStderr();
        long t0 = System.nanoTime();
        // --early-stop (with --validation): the loop scores the carve-out after every epoch and keeps
        // the best epoch (patience), i.e. the epoch count is selected on validation, never on test.
        TrainingData training = earlyStop && validation ? new TrainingData(split.train(), null, null, split.test())
                : TrainingData.of(split.train());
        MultVae.Fit fit = vae.fitWithResult(training, new FitContext(seed, threads, progress));
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        TrainingResult tr = fit.training();
        ModelResult r = new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, 42, 200))
                .evaluate("multvae", vae.params(), fitSeconds, fit.model(), split, null, null, Progress.silent());
        MetricSummary ndcg = r.metrics().get("ndcg@10");
        double[] epochSeconds = tr.epochs().stream().mapToDouble(EpochStats::seconds).toArray();
        double median = median(Arrays.copyOfRange(epochSeconds, Math.min(1, epochSeconds.length - 1), epochSeconds.length));
        Interactions x = split.train();
        System.err.printf("multvae %s: ndcg@10 %.4f [%.4f, %.4f], fit %.1fs, median epoch %.3fs, threads %d%n",
                split.protocol(), ndcg.mean(), ndcg.ciLow(), ndcg.ciHigh(), fitSeconds, median, vae.trainConfig(
                        new FitContext(seed, threads, null), x.numItems()).threads());

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "Mult-VAE on ml-100k, random 25% holdout seed 42, full ranking"
                + (validation ? ", evaluated on the validation carve-out (" + Math.round(validationFraction * 100)
                + "% of training, seed " + carveSeed + ")" : ", test split"));
        record.put("command", "java -Dai.djl.offline=true -cp <affinity-deep test classpath> "
                + "ai.affinity.deep.vae.MultVaeBenchmark " + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("threads", threads);
        record.put("seed", seed);
        record.put("params", vae.params());
        record.put("data", Map.of("name", data.name(), "protocol", split.protocol(), "train_users", x.numActiveUsers(),
                "items", x.numItems(), "train_events", x.numEvents(), "test_events", split.test().numEvents()));
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("mean", ndcg.mean());
        metric.put("ci95", List.of(ndcg.ciLow(), ndcg.ciHigh()));
        metric.put("users", ndcg.n());
        record.put("ndcg@10", metric);
        record.put("fit_seconds", fitSeconds);
        record.put("epochs", tr.epochs().size());
        record.put("early_stop", earlyStop && validation);
        record.put("fit_fraction", fitFraction);
        record.put("validation_fraction", validation ? validationFraction : null);
        record.put("carve_seed", validation ? carveSeed : null);
        record.put("best_epoch", tr.bestEpoch());
        record.put("steps", tr.steps());
        record.put("median_epoch_seconds", median);
        record.put("mean_epoch_seconds", tr.meanEpochSeconds());
        record.put("examples_per_second_median_epoch", x.numActiveUsers() / median);
        record.put("first_loss", tr.firstLoss());
        record.put("last_loss", tr.lastLoss());
        record.put("eval_seconds", r.evalSeconds());
        record.put("load_average", Machine.loadAverage());
        List<Double> perEpoch = new ArrayList<>();
        for (double s : epochSeconds) {
            perEpoch.add(Math.round(s * 1e4) / 1e4);
        }
        record.put("epoch_seconds", perEpoch);
        if (earlyStop && validation) {
            // null for the epochs the loop did not score (it validates every few epochs).
            List<Double> curve = new ArrayList<>();
            for (EpochStats e : tr.epochs()) {
                curve.add(Double.isNaN(e.validationNdcg()) ? null : Math.round(e.validationNdcg() * 1e4) / 1e4);
            }
            record.put("validation_ndcg@10_by_epoch", curve);
        }
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }

    /** One line per event: user index, item index, value (tab-separated, 0-based indices). */
    private static void writeEvents(Interactions x, Path file) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                sb.append(u).append('\t').append(x.item(p)).append('\t').append(x.value(p)).append('\n');
            }
        }
        Files.writeString(file, sb);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

}
