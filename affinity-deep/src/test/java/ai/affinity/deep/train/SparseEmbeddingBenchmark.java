package ai.affinity.deep.train;

import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seconds per epoch of embedding-table training, two ways, through the same {@link TrainingLoop}
 * and the same network: (a) sparse, the table in a Java array, touched rows gathered per batch and
 * updated by {@link SparseEmbedding}'s per-row Adam; (b) dense, the table as one trainable NDArray
 * looked up with DJL's {@link Embedding#embedding} (what DJL's {@code Embedding} block does in its
 * forward pass) and updated by DJL's Adam over the whole table each step. The network: for each
 * example (anchor a, positive p, negative n), {@code h = relu(E[a] W + b)}, loss
 * {@code softplus(−h·E[p]) + softplus(h·E[n])}. Ids are drawn with a mild popularity skew
 * ({@code id = ⌊rows · u²⌋}). Reported: median seconds of epochs 2..N (epoch 1 warms up).
 *
 * <pre>
 * ./mvnw -B -q -o -pl affinity-deep test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu java -Xmx6g -Dai.djl.offline=true \
 *     -cp affinity-deep/target/classes:affinity-deep/target/test-classes:$(cat /tmp/cp.txt) \
 *     ai.affinity.deep.train.SparseEmbeddingBenchmark [--rows 20000,1000000] [--dim 64] [--examples 100000] \
 *     [--batch 1024] [--epochs 3] [--threads 2] [--out affinity-bench/results/sparse-embedding.json]
 * </pre>
 */
public final class SparseEmbeddingBenchmark {
    private SparseEmbeddingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] rowsList = {20_000, 1_000_000};
        int dim = 64;
        int examples = 100_000;
        int batch = 1024;
        int epochs = 3;
        int threads = 2;
        long seed = 42;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> {
                    String[] p = args[++i].split(",");
                    rowsList = new int[p.length];
                    for (int k = 0; k < p.length; k++) {
                        rowsList[k] = Integer.parseInt(p[k].trim());
                    }
                }
                case "--dim" -> dim = Integer.parseInt(args[++i]);
                case "--examples" -> examples = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "sparse-embedding");
        record.put("command", "java ... ai.affinity.deep.train.SparseEmbeddingBenchmark " + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("load_average_before", Files.readString(Path.of("/proc/loadavg")).trim());
        record.put("dim", dim);
        record.put("examples_per_epoch", examples);
        record.put("batch", batch);
        record.put("epochs", epochs);
        record.put("threads", threads);
        record.put("seed", seed);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int rows : rowsList) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rows", rows);
            double sparse = run(true, rows, dim, examples, batch, epochs, threads, seed);
            double dense = run(false, rows, dim, examples, batch, epochs, threads, seed);
            r.put("sparse_sec_per_epoch", sparse);
            r.put("dense_sec_per_epoch", dense);
            r.put("dense_over_sparse", dense / sparse);
            r.put("faster", sparse < dense ? "sparse" : "dense");
            System.out.printf("rows %,d: sparse %.3f s/epoch, dense %.3f s/epoch (dense/sparse %.2fx)%n", rows, sparse,
                    dense, dense / sparse);
            runs.add(r);
            // Written after every table size, so a long run that is stopped keeps what it measured.
            record.put("runs", runs);
            write(record, out);
        }
        record.put("runs", runs);
        record.put("load_average_after", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println(write(record, out));
    }

    private static String write(Map<String, Object> record, Path out) throws java.io.IOException {
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
        }
        return json;
    }

    /** Median training seconds of epochs 2..N (all epochs when N = 1). */
    static double run(boolean sparse, int rows, int dim, int examples, int batch, int epochs, int threads, long seed) {
        SplittableRandom init = new SplittableRandom(seed);
        float[] values = new float[Math.multiplyExact(rows, dim)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (0.1 * init.nextGaussian());
        }
        float[] w = new float[dim * dim];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (init.nextGaussian() / Math.sqrt(dim));
        }
        TrainConfig tc = TrainConfig.defaults().withEpochs(epochs).withBatchSize(batch).withPatience(0).withSeed(seed)
                .withThreads(threads).withLogEvery(1_000_000);
        try (NDManager m = NDManager.newBaseManager()) {
            Weights weights = new Weights(m);
            weights.add("w", w, dim, dim);
            weights.add("b", new float[dim], dim);
            Source source;
            if (sparse) {
                source = new Source(weights, weights.addSparse(new SparseEmbedding("table", rows, dim, values, 0f, false)),
                        rows, dim, examples);
            } else {
                weights.add("table", values, rows, dim);
                source = new Source(weights, null, rows, dim, examples);
            }
            TrainingResult r = new TrainingLoop(sparse ? "sparse" : "dense", tc, Progress.silent()).run(weights, source,
                    null, null);
            double[] s = r.epochs().stream().skip(r.epochs().size() > 1 ? 1 : 0).mapToDouble(EpochStats::seconds)
                    .sorted().toArray();
            return s[s.length / 2];
        }
    }

    private static final class Source implements BatchSource {
        private final Weights weights;
        private final SparseEmbedding table;
        private final int rows;
        private final int dim;
        private final int examples;
        private final int[] scratch;

        Source(Weights weights, SparseEmbedding table, int rows, int dim, int examples) {
            this.weights = weights;
            this.table = table;
            this.rows = rows;
            this.dim = dim;
            this.examples = examples;
            this.scratch = new int[rows];
            java.util.Arrays.fill(scratch, -1);
        }

        @Override
        public int numExamples() {
            return examples;
        }

        @Override
        public NDArray loss(NDManager m, int from, int to, long step, SplittableRandom rng) {
            int b = to - from;
            int[] ids = new int[3 * b];
            for (int i = 0; i < ids.length; i++) {
                double u = rng.nextDouble();
                ids[i] = Math.min(rows - 1, (int) (rows * u * u));
            }
            NDArray e;
            if (table != null) {
                SparseEmbedding.Unique u = SparseEmbedding.Unique.of(ids, scratch);
                e = SparseEmbedding.lookup(table.gather(m, u.distinct()), u.local(), 3, b);
            } else {
                long[] idx = new long[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    idx[i] = ids[i];
                }
                NDArray t = weights.get("table");
                e = Embedding.embedding(m.create(idx, new Shape(3, b)), t, SparseFormat.DENSE).singletonOrThrow();
            }
            NDArray h = Activation.relu(e.get(0).matMul(weights.get("w")).add(weights.get("b")));
            NDArray pos = h.mul(e.get(1)).sum(new int[] {1});
            NDArray neg = h.mul(e.get(2)).sum(new int[] {1});
            return softplus(pos.neg()).add(softplus(neg)).mean();
        }

        private static NDArray softplus(NDArray x) {
            // log(1 + e^x), stable: max(x, 0) + log1p(e^−|x|)
            return Scalars.maximum(x, 0).add(x.abs().neg().exp().add(1f).log());
        }
    }
}
