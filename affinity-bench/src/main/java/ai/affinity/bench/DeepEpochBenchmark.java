package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.deep.DeepModels;
import ai.affinity.deep.seq.SasRec;
import ai.affinity.deep.train.EpochStats;
import ai.affinity.deep.vae.MultVae;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.split.LeaveLastOut;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
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
 * Affinity's side of {@code affinity-bench/run-deep-vs-pytorch.sh}: seconds per training epoch of
 * Mult-VAE or SASRec on MovieLens 100K, measured the way the PyTorch references in
 * {@code affinity-bench/reference/} measure it (one epoch = shuffling and sampling plus every batch's
 * forward, backward and Adam step; evaluation excluded; reported: every epoch and the median of
 * epochs 2..N). Same architecture and batch size as the references: Mult-VAE [items → 600 tanh →
 * 2×200] z [200 → 600 tanh → items], dropout 0.5, batch 500 users, on the per-user random 25%
 * holdout's training part; SASRec d=64, 2 blocks, 1 head, max_len 200, dropout 0.2, one BCE negative
 * per position, batch 128 users, on the leave-last-out training part. No validation runs, so every
 * epoch is trained and timed. The JSON record is what {@code reference/combine.py} reads.
 *
 * <pre>
 * PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu java -Xmx4g -Dai.djl.offline=true \
 *     -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.DeepEpochBenchmark \
 *     --model multvae|sasrec --data ml-100k:DIR [--epochs 20] [--threads 2] [--batch B] [--seed 42] [--out FILE]
 * </pre>
 */
public final class DeepEpochBenchmark {
    private DeepEpochBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String model = null;
        String data = "ml-100k:../shared/data/ml-100k";
        int epochs = 20;
        int threads = 2;
        int batch = -1;
        long seed = 42;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--data" -> data = args[++i];
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --model, --data, --epochs, --threads, --batch, --seed, --out");
            }
        }
        if (model == null || !(model.equals("multvae") || model.equals("sasrec"))) {
            throw new IllegalArgumentException("--model must be multvae or sasrec, got " + model);
        }
        if (batch < 0) {
            batch = model.equals("multvae") ? 500 : 128;
        }
        DeepModels.register();
        Dataset dataset = DataSources.load(data, LoadOptions.defaults());
        Map<String, Object> settings = new LinkedHashMap<>();
        List<EpochStats> stats = new ArrayList<>();
        Split split;
        FitContext ctx = new FitContext(seed, threads, Progress.silent());
        long t0 = System.nanoTime();
        if (model.equals("multvae")) {
            split = RandomHoldout.split(dataset.interactions(), 0.25, seed);
            // patience 0 and no validation: every epoch runs; anneal as the reference does by default
            MultVae vae = (MultVae) AlgorithmRegistry.create("multvae:epochs=" + epochs + ",batch=" + batch
                    + ",hidden=600,latent=200,keep=0.5,anneal_cap=0.2");
            MultVae.Fit fit = vae.fitWithResult(TrainingData.of(split.train()), ctx);
            stats.addAll(fit.training().epochs());
            settings.put("batch_users", batch);
            settings.put("architecture", "[items -> 600 tanh -> 2x200] z [200 -> 600 tanh -> items]");
            settings.put("params", vae.params());
            settings.put("pytorch_threads", vae.trainConfig(ctx, split.train().numItems()).threads());
        } else {
            split = new LeaveLastOut(1).split(dataset.interactions(), seed);
            SasRec sasrec = SasRec.fromParams(Map.of("epochs", String.valueOf(epochs), "batch", String.valueOf(batch)));
            sasrec.fit(TrainingData.of(split.train()), ctx, stats::add);
            settings.put("batch_users", batch);
            settings.put("architecture", "d=64, 2 blocks, 1 head, max_len 200, dropout 0.2, BCE, 1 negative");
            settings.put("params", sasrec.params());
        }
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        double[] epochSeconds = stats.stream().mapToDouble(EpochStats::seconds).toArray();
        double[] steady = epochSeconds.length > 1 ? Arrays.copyOfRange(epochSeconds, 1, epochSeconds.length)
                : epochSeconds;
        Interactions train = split.train();

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "training epoch seconds on ml-100k, Affinity (DJL, PyTorch natives)");
        record.put("command", "java -Dai.djl.offline=true -cp affinity-bench/target/benchmarks.jar "
                + "ai.affinity.bench.DeepEpochBenchmark " + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("side", "affinity");
        record.put("model", model);
        record.put("machine", Machine.describe());
        record.put("threads", threads);
        record.put("seed", seed);
        record.put("settings", settings);
        record.put("data", Map.of("name", dataset.name(), "protocol", split.protocol(),
                "train_users", train.numActiveUsers(), "items", train.numItems(), "train_events", train.numEvents()));
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("method", "TrainingLoop epoch wall time: shuffle/sampling + every batch's forward, backward and "
                + "Adam step; validation excluded (none configured)");
        List<Double> rounded = new ArrayList<>();
        for (double s : epochSeconds) {
            rounded.add(Math.round(s * 1e6) / 1e6);
        }
        timing.put("epoch_seconds", rounded);
        timing.put("epoch_seconds_median_2_to_n", median(steady));
        timing.put("epoch_seconds_min_2_to_n", Arrays.stream(steady).min().orElse(Double.NaN));
        timing.put("fit_seconds_including_setup", fitSeconds);
        record.put("timing", timing);
        record.put("first_loss", stats.isEmpty() ? Double.NaN : stats.get(0).meanLoss());
        record.put("last_loss", stats.isEmpty() ? Double.NaN : stats.get(stats.size() - 1).meanLoss());
        record.put("load_average", Machine.loadAverage());
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
            System.err.println("wrote " + out);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN
                : s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
