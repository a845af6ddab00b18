package ai.affinity.deep.content.image;

import ai.affinity.deep.train.BatchSource;
import ai.affinity.deep.train.TrainConfig;
import ai.affinity.deep.train.TrainingLoop;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.deep.train.Weights;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Pretrains {@link ImageCnn} on Fashion-MNIST classification (Xiao et al. 2017: 60k training and
 * 10k test 28×28 grey product photos, 10 classes) and writes the weights the image encoder ships
 * with, plus a JSON record of the test accuracy. Adam, softmax cross-entropy, random horizontal
 * flips, seeded (same seed and thread count, same weights on the same machine).
 *
 * <pre>
 * ./mvnw -B -q -o -pl affinity-deep compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu nice -n 5 java -Dai.djl.offline=true \
 *     -cp affinity-deep/target/classes:$(cat /tmp/cp.txt) ai.affinity.deep.content.image.FashionMnistPretrain \
 *     [--data /work/shared/data/fashion-mnist] [--epochs 6] [--seed 42] [--threads 2] \
 *     [--out affinity-deep/src/main/resources/ai/affinity/deep/content/image/fashion-cnn.afna] \
 *     [--json affinity-bench/results/fashion-cnn-pretrain.json]
 * </pre>
 */
public final class FashionMnistPretrain {
    private FashionMnistPretrain() {
    }

    /** Images and labels of one split: 784 unsigned bytes per image. */
    record Split(byte[] pixels, byte[] labels, int n) {
        static Split load(Path dir, String prefix) throws IOException {
            Idx.Tensor images = Idx.read(file(dir, prefix + "-images-idx3-ubyte"));
            Idx.Tensor labels = Idx.read(file(dir, prefix + "-labels-idx1-ubyte"));
            if (images.count() != labels.count() || images.recordSize() != ImageCnn.SIZE * ImageCnn.SIZE) {
                throw new IOException(dir + ": " + images.count() + " images of " + images.recordSize() + " pixels, "
                        + labels.count() + " labels; expected equal counts of 28x28 images");
            }
            return new Split(images.data(), labels.data(), images.count());
        }

        /** Normalised pixels of image {@code i} into {@code out} at {@code off}, mirrored when {@code flip}. */
        void fill(int i, float[] out, int off, boolean flip) {
            int s = ImageCnn.SIZE;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    int src = i * s * s + y * s + (flip ? s - 1 - x : x);
                    out[off + y * s + x] = ImageCnn.normalise(pixels[src] & 0xFF);
                }
            }
        }
    }

    private static Path file(Path dir, String stem) throws IOException {
        for (String name : new String[] {stem + ".gz", stem}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IOException("no " + stem + "(.gz) in " + dir);
    }

    /** Loads Fashion-MNIST's test split from {@code dir} (for tests and evaluation). */
    static Split testSplit(Path dir) throws IOException {
        return Split.load(dir, "t10k");
    }

    /** Accuracy of {@code cnn} (pure-Java forward) on the first {@code limit} images of {@code split}. */
    static double accuracy(ImageCnn cnn, Split split, int limit) {
        int n = Math.min(limit, split.n());
        int correct = java.util.stream.IntStream.range(0, n).parallel().map(i -> {
            float[] px = new float[ImageCnn.SIZE * ImageCnn.SIZE];
            split.fill(i, px, 0, false);
            return cnn.predict(px) == (split.labels()[i] & 0xFF) ? 1 : 0;
        }).sum();
        return (double) correct / n;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("/work/shared/data/fashion-mnist");
        int epochs = 6;
        long seed = 42;
        int threads = 2;
        Path out = Path.of("affinity-deep/src/main/resources" + ImageCnn.RESOURCE);
        Path json = Path.of("affinity-bench/results/fashion-cnn-pretrain.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String load0 = Machine.loadAverage();
        Split train = Split.load(data, "train");
        Split test = Split.load(data, "t10k");
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        TrainConfig config = TrainConfig.defaults().withEpochs(epochs).withBatchSize(64)
                .withOptimizer(TrainConfig.Optimizer.ADAM, 2e-3f, 0f)
                .withSchedule(100, TrainConfig.Decay.COSINE).withSeed(seed).withThreads(threads).withLogEvery(100);
        long t0 = System.nanoTime();
        ImageCnn trained;
        List<Map<String, Object>> perEpoch = new ArrayList<>();
        TrainingResult result;
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights w = ImageCnn.init(seed).toWeights(manager);
            BatchSource source = new BatchSource() {
                private int[] order;

                @Override
                public int numExamples() {
                    return train.n();
                }

                @Override
                public void startEpoch(int epoch, SplittableRandom rng) {
                    order = new int[train.n()];
                    for (int i = 0; i < order.length; i++) {
                        order[i] = i;
                    }
                    for (int i = order.length - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                }

                @Override
                public NDArray loss(NDManager m, int from, int to, long step, SplittableRandom rng) {
                    int b = to - from;
                    int px = ImageCnn.SIZE * ImageCnn.SIZE;
                    float[] x = new float[b * px];
                    float[] y = new float[b * ImageCnn.CLASSES];
                    for (int k = 0; k < b; k++) {
                        int i = order[from + k];
                        train.fill(i, x, k * px, rng.nextBoolean());
                        y[k * ImageCnn.CLASSES + (train.labels()[i] & 0xFF)] = 1f; // one-hot target
                    }
                    NDArray input = m.create(x, new Shape(b, 1, ImageCnn.SIZE, ImageCnn.SIZE));
                    NDArray logits = ImageCnn.logits(w, ImageCnn.embed(w, input));
                    NDArray oneHot = m.create(y, new Shape(b, ImageCnn.CLASSES));
                    // Softmax cross-entropy: -log p(label), the one-hot picks the label's log-probability.
                    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
                }
            };
            result = new TrainingLoop("fashion-cnn", config, Progress.toStderr())
                    .onEpoch(e -> {
                        System.err.printf("epoch %d loss %.4f %.1fs%n", e.epoch(), e.meanLoss(), e.seconds());
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("epoch", e.epoch());
                        m.put("mean_loss", e.meanLoss());
                        m.put("seconds", e.seconds());
                        perEpoch.add(m);
                    })
                    .run(w, source, null, null);
            trained = ImageCnn.fromWeights(w, "ImageCnn pretrained on Fashion-MNIST train (60k), seed " + seed
                    + ", " + epochs + " epochs, by " + FashionMnistPretrain.class.getSimpleName());
        }
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        double acc = accuracy(trained, test, test.n());
        System.err.printf("Fashion-MNIST test accuracy %.4f (%d images), fit %.1fs%n", acc, test.n(), fitSeconds);
        trained.params().write(out);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "ImageCnn pretraining on Fashion-MNIST classification; test accuracy on all 10k test images"
                + " with the pure-Java forward of the written weights");
        record.put("command", "./mvnw -B -q -o -pl affinity-deep compile dependency:build-classpath "
                + "-Dmdep.outputFile=/tmp/cp.txt && PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu nice -n 5 java "
                + "-Dai.djl.offline=true -cp affinity-deep/target/classes:$(cat /tmp/cp.txt) "
                + FashionMnistPretrain.class.getName() + " --data " + data + " --epochs " + epochs + " --seed " + seed
                + " --threads " + threads + " --out " + out + " --json " + json);
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("seed", seed);
        record.put("threads", threads);
        record.put("epochs", epochs);
        record.put("batch_size", config.batchSize());
        record.put("optimizer", "adam lr 2e-3, 100 warm-up steps, cosine decay");
        record.put("augmentation", "random horizontal flip");
        record.put("parameters", ImageCnn.SHAPES.values().stream()
                .mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (a, c) -> a * c)).sum());
        record.put("weights_resource", "affinity-deep/src/main/resources" + ImageCnn.RESOURCE);
        record.put("weights_bytes", Files.size(out));
        record.put("test_accuracy", acc);
        record.put("test_images", test.n());
        record.put("fit_seconds", fitSeconds);
        record.put("first_loss", result.firstLoss());
        record.put("last_loss", result.lastLoss());
        record.put("epoch_stats", perEpoch);
        record.put("load_average_start", load0);
        record.put("load_average_end", Machine.loadAverage());
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), record);
        System.out.println(Files.readString(json));
    }

}
