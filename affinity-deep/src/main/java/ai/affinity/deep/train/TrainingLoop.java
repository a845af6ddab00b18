package ai.affinity.deep.train;

import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.util.Progress;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Mini-batch training shared by the deep models: epochs over a model's {@link BatchSource}, one
 * DJL optimiser step per batch (Adam or AdamW with the {@link LearningRateSchedule}), loss and
 * throughput reported through {@link Progress}, divergence detection, validation NDCG@10 every
 * {@link TrainConfig#validateEvery()} epochs (and after the last) when the {@link TrainingData} has a
 * validation carve-out (on at most {@link ValidationSet#MAX_USERS} seeded users), early stopping with
 * patience counted in epochs since the best validated one, and the best epoch's weights kept as Java float snapshots and restored at the end.
 * Sparse embedding tables registered with {@link Weights#addSparse} get a per-row Adam step on the
 * rows each batch gathered, right after the dense step, at the same scheduled learning rate.
 *
 * <p>Reproducible: all randomness comes from one {@link SplittableRandom} seeded with
 * {@link TrainConfig#seed()} and handed to the batch source, and PyTorch runs with
 * {@link TrainConfig#threads()} intra-op threads, so the same seed and thread count give the same
 * numbers on the same machine. That also needs every forward pass to keep the memory its backward
 * pass reads alive until the step ends: constants go through {@link Scalars}, never DJL's
 * {@code mul/div/maximum/minimum/pow(Number)}, whose Java-owned scalar the backward pass read after
 * the garbage collector could have freed it (fits then depended on when the collector ran; tests run
 * fits with a collection before every backward pass through {@link #beforeBackward}).
 *
 * <p>Not re-entrant across threads: PyTorch allows one gradient collector per process at a time, so
 * two loops must not run concurrently in one JVM.
 */
public final class TrainingLoop {
    private final String name;
    private final TrainConfig config;
    private final Progress progress;
    private Consumer<EpochStats> listener = e -> { };

    /**
     * @param name     shown in progress lines and error messages, e.g. "multvae"
     * @param progress where batches and epochs are reported (may be {@link Progress#silent()})
     */
    public TrainingLoop(String name, TrainConfig config, Progress progress) {
        this.name = name;
        this.config = config;
        this.progress = progress == null ? Progress.silent() : progress;
    }

    /** Called after every epoch (after validation) with its statistics, e.g. to print a line. */
    public TrainingLoop onEpoch(Consumer<EpochStats> listener) {
        this.listener = listener;
        return this;
    }

    public TrainConfig config() {
        return config;
    }

    private static volatile Runnable beforeBackward = () -> { };

    /**
     * For tests and diagnostics: {@code hook} runs in every step between the batch's forward pass and
     * its backward pass (process-wide; null for none). A hook that collects garbage checks that the
     * autograd graph holds no memory owned by an already closed Java array.
     */
    public static void beforeBackward(Runnable hook) {
        beforeBackward = hook == null ? () -> { } : hook;
    }

    /** Sets PyTorch's intra-op thread count (process-wide); the loop calls it before training. */
    public static void setThreads(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * Trains {@code weights} on {@code source}.
     *
     * @param data         supplies the validation carve-out (null or without validation: no early stopping)
     * @param currentModel exports the weights' current values as a scoring model (called once per
     *                     epoch, only when there is validation data)
     * @throws IllegalStateException when the loss diverges (NaN, infinite or exploding), naming the
     *                               epoch and batch
     */
    public TrainingResult run(Weights weights, BatchSource source, TrainingData data,
                              Supplier<? extends Model> currentModel) {
        long t0 = System.nanoTime();
        setThreads(config.threads());
        int n = source.numExamples();
        if (n < 1) {
            throw new IllegalArgumentException(name + ": nothing to train on (0 examples)");
        }
        int batch = config.batchSize();
        int batchesPerEpoch = (n + batch - 1) / batch;
        long totalSteps = config.totalSteps(n);
        LearningRateSchedule schedule = LearningRateSchedule.of(config, totalSteps);
        Optimizer optimizer = switch (config.optimizer()) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(config.weightDecay()).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(config.weightDecay()).build();
        };
        ValidationSet validation = data == null ? null : ValidationSet.of(data, config.threads(), config.seed());
        SplittableRandom rng = new SplittableRandom(config.seed());

        List<EpochStats> epochs = new ArrayList<>();
        float[][] best = null;
        int bestEpoch = 0;
        double bestNdcg = Double.NEGATIVE_INFINITY;
        int every = config.validateEvery();
        boolean stoppedEarly = false;
        long step = 0;
        double firstLoss = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long e0 = System.nanoTime();
            source.startEpoch(epoch, rng);
            progress.start(name + " epoch " + epoch + "/" + config.epochs(), n);
            double lossSum = 0;
            long pending = 0;
            for (int b = 0; b < batchesPerEpoch; b++) {
                int from = b * batch;
                int to = Math.min(n, from + batch);
                float loss = step(weights, source, optimizer, schedule.rate(step + 1), from, to, step, rng, epoch, b);
                if (Double.isNaN(firstLoss)) {
                    firstLoss = loss;
                }
                if (Math.abs(loss) > config.divergenceFactor() * Math.max(1.0, Math.abs(firstLoss))) {
                    throw new IllegalStateException(name + " diverged at epoch " + epoch + ", batch " + (b + 1) + ": loss "
                            + loss + " exceeds " + config.divergenceFactor() + " x the first batch's " + firstLoss
                            + " (lower the learning rate)");
                }
                lossSum += loss;
                step++;
                pending += to - from;
                if ((b + 1) % config.logEvery() == 0) {
                    progress.advance(pending);
                    pending = 0;
                }
            }
            progress.advance(pending);
            progress.finish();
            double seconds = (System.nanoTime() - e0) / 1e9;
            double ndcg = Double.NaN;
            // Validation is a full ranking of the validation users and often costs more than an epoch of
            // training: validate every few epochs (a fixed, seed-independent schedule) and after the last.
            boolean validate = validation != null && (epoch % every == 0 || epoch == config.epochs());
            if (validate) {
                ndcg = validation.ndcg10(currentModel.get());
                if (ndcg > bestNdcg) {
                    bestNdcg = ndcg;
                    bestEpoch = epoch;
                    best = weights.snapshot();
                }
            } else if (validation == null) {
                bestEpoch = epoch;
            }
            EpochStats stats = new EpochStats(epoch, lossSum / batchesPerEpoch, ndcg, seconds, n / Math.max(1e-9, seconds),
                    schedule.rate(step));
            epochs.add(stats);
            listener.accept(stats);
            if (validate && config.patience() > 0 && epoch - bestEpoch >= config.patience()
                    && epoch < config.epochs()) {
                stoppedEarly = true;
                break;
            }
        }
        if (best != null && bestEpoch != epochs.size()) {
            weights.restore(best);
        }
        return new TrainingResult(epochs, bestEpoch, validation == null ? Double.NaN : bestNdcg, stoppedEarly, step,
                (System.nanoTime() - t0) / 1e9);
    }

    /** One optimiser step on examples [from, to); returns the batch loss. */
    private float step(Weights weights, BatchSource source, Optimizer optimizer, float rate, int from, int to,
                       long step, SplittableRandom rng, int epoch, int batchIndex) {
        NDManager root = weights.manager();
        List<SparseEmbedding> sparse = weights.sparseTables();
        try (NDManager bm = root.newSubManager()) {
            float loss;
            try (GradientCollector gc = root.getEngine().newGradientCollector()) {
                NDArray l = source.loss(bm, from, to, step, rng);
                if (l.size() != 1) {
                    throw new IllegalStateException(name + ": the batch loss must be a scalar, got shape " + l.getShape());
                }
                loss = l.toFloatArray()[0];
                if (!Float.isFinite(loss)) {
                    sparse.forEach(SparseEmbedding::discardPending);
                    throw new IllegalStateException(name + " diverged at epoch " + epoch + ", batch " + (batchIndex + 1)
                            + ": loss is " + loss + " (lower the learning rate)");
                }
                beforeBackward.run();
                gc.backward(l);
            }
            for (Map.Entry<String, NDArray> e : weights.entries()) {
                NDArray w = e.getValue();
                try (NDArray grad = w.getGradient()) {
                    optimizer.update(e.getKey(), w, grad);
                }
                // PyTorch accumulates gradients across backward passes; each step starts from zero.
                JniUtils.zeroGrad((PtNDArray) w);
            }
            // Sparse tables: the rows this batch gathered get their gradients (still alive in the
            // batch manager) and a per-row Adam step at the same scheduled rate as the dense weights.
            for (SparseEmbedding t : sparse) {
                t.step(rate);
            }
            return loss;
        }
    }
}
