package ai.affinity.deep.ncf;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.deep.train.EpochStats;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
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
 * Training-speed benchmark of NeuMF on MovieLens 100K (per-user random 25% holdout, seed 42, the
 * training part): seconds per epoch (shuffling, negative sampling, forward, backward, optimiser
 * steps; no validation, so every epoch is trained and timed), median of epochs 2..N. Used to compare
 * the embedding tables' dense DJL Adam step with the sparse row updates ({@code SparseEmbedding}).
 * Run with the affinity-deep test classpath (see {@code MultVaeBenchmark}):
 *
 * <pre>
 * java -Dai.djl.offline=true -cp affinity-deep/target/classes:affinity-deep/target/test-classes:$(cat /tmp/cp.txt) \
 *     ai.affinity.deep.ncf.NeuMfBenchmark [--data /work/shared/data/ml-100k] [--epochs 4] [--threads 1] \
 *     [--params factors=32] [--label sparse] [--out FILE]
 * </pre>
 */
public final class NeuMfBenchmark {
    private NeuMfBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = "/work/shared/data/ml-100k";
        int epochs = 4;
        int threads = 1;
        String params = "";
        String label = "";
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dir = args[++i];
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--params" -> params = args[++i];
                case "--label" -> label = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --data, --epochs, --threads, --params, --label, --out");
            }
        }
        Dataset data = DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
        Split split = RandomHoldout.split(data.interactions(), 0.25, 42);
        ai.affinity.deep.DeepModels.register();
        String spec = "neumf:epochs=" + epochs + ",patience=0" + (params.isBlank() ? "" : "," + params);
        NeuMf neumf = (NeuMf) AlgorithmRegistry.create(spec);
        String loadBefore = Machine.loadAverage();
        NeuMf.Fit fit = neumf.fitWithResult(TrainingData.of(split.train()), new FitContext(42, threads,
                Progress.silent()), e -> { });
        TrainingResult tr = fit.training();
        double[] s = tr.epochs().stream().mapToDouble(EpochStats::seconds).toArray();
        double median = median(Arrays.copyOfRange(s, Math.min(1, s.length - 1), s.length));
        Interactions x = split.train();
        System.err.printf("neumf %s: median epoch %.3fs over %d epochs, first loss %.4f last loss %.4f%n", label, median,
                s.length, tr.firstLoss(), tr.lastLoss());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "NeuMF training epoch on ml-100k (random 25% holdout seed 42, training part)");
        record.put("label", label);
        record.put("command", "java -Dai.djl.offline=true -cp <affinity-deep test classpath> "
                + "ai.affinity.deep.ncf.NeuMfBenchmark " + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("threads", threads);
        record.put("seed", 42);
        record.put("params", neumf.params());
        record.put("train_events", x.numEvents());
        record.put("median_epoch_seconds", median);
        List<Double> perEpoch = new ArrayList<>();
        for (double v : s) {
            perEpoch.add(Math.round(v * 1e4) / 1e4);
        }
        record.put("epoch_seconds", perEpoch);
        record.put("first_loss", tr.firstLoss());
        record.put("last_loss", tr.lastLoss());
        record.put("load_average_before", loadBefore);
        record.put("load_average_after", Machine.loadAverage());
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

}
