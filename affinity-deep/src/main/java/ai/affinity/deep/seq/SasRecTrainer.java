package ai.affinity.deep.seq;

import ai.affinity.deep.train.BatchSource;
import ai.affinity.deep.train.SparseEmbedding;
import ai.affinity.deep.train.EpochStats;
import ai.affinity.deep.train.TrainConfig;
import ai.affinity.deep.train.TrainingLoop;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.deep.train.Weights;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fits SASRec with the shared {@link TrainingLoop} (Adam, early stopping on validation NDCG@10 when
 * the training data has a validation carve-out) and exports the network to a pure-Java
 * {@link SasRecModel}. Seeds: initial weights from the fit seed in Java, user order and negatives
 * from the loop's generator, dropout masks from the engine's generator (seeded here); same seed and
 * thread count, same model.
 */
final class SasRecTrainer {
    private SasRecTrainer() {
    }

    /** What one fit produced: the model and the loop's per-epoch record. */
    record Fitted(SasRecModel model, TrainingResult result) {
    }

    static SasRecModel fit(SasRec cfg, TrainingData data, FitContext ctx) {
        return fit(cfg, data, ctx, e -> { }).model();
    }

    static Fitted fit(SasRec cfg, TrainingData data, FitContext ctx,
                      Consumer<EpochStats> onEpoch) {
        int numItems = data.numItems();
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) (ctx.seed() ^ (ctx.seed() >>> 32)));
        Map<String, String> params = new LinkedHashMap<>();
        cfg.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
        SequenceBatcher batcher = new SequenceBatcher(data.train(), cfg.maxLen(), cfg.negatives());
        if (batcher.numSequences() == 0) {
            throw new IllegalArgumentException("sasrec: no user has two or more training events to learn from");
        }
        SasRecNetwork net = new SasRecNetwork(numItems, cfg.dim(), cfg.blocks(), cfg.heads(), cfg.maxLen(),
                cfg.dropout(), cfg.activation().equals("gelu"), ctx.seed());
        TrainConfig tc = new TrainConfig(cfg.epochs(), cfg.batchSize(), TrainConfig.Optimizer.ADAM, (float) cfg.lr(),
                0f, 0, TrainConfig.Decay.CONSTANT, cfg.patience(), ctx.seed(), intraOpThreads(cfg, ctx), 50, 1e3);
        try (NDManager root = engine.newBaseManager()) {
            net.initialize(root, DataType.FLOAT32, new Shape(1, cfg.maxLen()));
            Weights weights = Weights.of(root, net.getParameters());
            // The item table trains in Java with sparse row updates (Adam on the rows a batch touches):
            // its cost per step follows the batch, not the catalogue.
            SparseEmbedding items = weights.addSparse(new SparseEmbedding("item", numItems + 1, cfg.dim(),
                    net.itemTable(), 0f, false));
            Source source = new Source(net, items, batcher, cfg.loss().equals("softmax"),
                    cfg.positiveExponent(numItems), cfg.batchSize());
            Supplier<SasRecModel> current = () -> {
                net.setItemTable(items.table());
                return new SasRecModel(net.export(), params);
            };
            TrainingResult result = new TrainingLoop(SasRec.NAME, tc, ctx.progress()).onEpoch(onEpoch)
                    .run(weights, source, data, current);
            if (!Double.isNaN(result.bestNdcg())) {
                // Early stopping chose an epoch on validation: callers (compare) refit with that many epochs.
                params.put("best_epoch", Integer.toString(result.bestEpoch()));
            }
            return new Fitted(current.get(), result);
        }
    }

    /**
     * System property that lets SASRec train on {@code ctx.threads()} intra-op threads again
     * ({@code -Daffinity.sasrec.parallel=true}), e.g. to time it against a multi-threaded reference.
     */
    static final String PARALLEL_PROPERTY = "affinity.sasrec.parallel";

    /**
     * PyTorch intra-op threads for this network: one, unless {@value #PARALLEL_PROPERTY} is set.
     * With two intra-op threads SASRec's training is not reproducible and not safe here: on the
     * synthetic:tiny validation carve-out (defaults, seed 42) three runs gave three different loss
     * curves from epoch 7 and each failed by epoch 21 — a NaN loss (epoch 6 or 18) or a SIGSEGV inside
     * libtorch's backward pass ({@code at::accelerator::getAccelerator}, called from
     * {@code torchBackward}); without dropout one run got through 29 epochs. With one thread three
     * runs had finite losses throughout (75 to 200 epochs), but they too are identical only up to
     * epoch 30 and differ from epoch 31 on: something in the native training step is not
     * deterministic (an uninitialised or freed buffer is the likeliest explanation) and more threads
     * make it fatal. The cause is not found; one thread is the mitigation, and it is also faster on
     * a busy machine (OpenMP spin-waiting). With the property set, the old policy
     * applies: {@code ctx.threads()}, except one for networks under 2^16 activations per layer and batch.
     */
    static int intraOpThreads(SasRec cfg, FitContext ctx) {
        if (!Boolean.getBoolean(PARALLEL_PROPERTY)) {
            return 1;
        }
        long activations = (long) cfg.batchSize() * cfg.maxLen() * cfg.dim();
        return activations < (1 << 16) ? 1 : ctx.threads();
    }

    /** SASRec's half of the loop: an example is one user's sequence. */
    private static final class Source implements BatchSource {
        private final SasRecNetwork net;
        private final SparseEmbedding items;
        /** Item id → slot among the batch's distinct ids; all -1 between batches. */
        private final int[] scratch;
        private final SequenceBatcher batcher;
        private final boolean softmax;
        private final double beta;
        private final int batchSize;

        Source(SasRecNetwork net, SparseEmbedding items, SequenceBatcher batcher, boolean softmax, double beta,
               int batchSize) {
            this.batchSize = batchSize;
            this.net = net;
            this.items = items;
            this.scratch = new int[items.rows()];
            java.util.Arrays.fill(scratch, -1);
            this.batcher = batcher;
            this.softmax = softmax;
            this.beta = beta;
        }

        @Override
        public int numExamples() {
            return batcher.numSequences();
        }

        @Override
        public void startEpoch(int epoch, SplittableRandom rng) {
            batcher.shuffle(rng, batchSize);
        }

        @Override
        public NDArray loss(NDManager manager, int from, int to, long step, SplittableRandom rng) {
            SequenceBatcher.Batch b = batcher.batch(from, to, rng);
            // Distinct ids of the batch with padding (0) first, so it keeps local index 0; the network
            // reads every lookup (inputs, positives, negatives) from the gathered rows.
            int[] all = new int[1 + b.seq().length + b.pos().length + b.neg().length];
            System.arraycopy(b.seq(), 0, all, 1, b.seq().length);
            System.arraycopy(b.pos(), 0, all, 1 + b.seq().length, b.pos().length);
            System.arraycopy(b.neg(), 0, all, 1 + b.seq().length + b.pos().length, b.neg().length);
            SparseEmbedding.Unique u = SparseEmbedding.Unique.of(all, scratch);
            int[] local = u.local();
            int at = 1;
            int[] seq = java.util.Arrays.copyOfRange(local, at, at += b.seq().length);
            int[] pos = java.util.Arrays.copyOfRange(local, at, at += b.pos().length);
            int[] neg = java.util.Arrays.copyOfRange(local, at, at + b.neg().length);
            SequenceBatcher.Batch localBatch = new SequenceBatcher.Batch(b.rows(), b.width(), seq, pos, neg, b.mask(),
                    b.negatives(), b.perPosition());
            NDList in = inputs(manager, localBatch);
            in.add(items.gather(manager, u.distinct()));
            NDList out = net.forward(new ParameterStore(manager, false), in, true);
            NDArray mask = manager.create(b.mask(), new Shape(b.rows(), b.width()));
            return SasRecLoss.compute(out.get(0), out.get(1), mask, softmax, beta);
        }
    }

    static NDList inputs(NDManager m, SequenceBatcher.Batch b) {
        Shape grid = new Shape(b.rows(), b.width());
        NDArray seq = m.create(b.seq(), grid);
        NDArray pos = m.create(b.pos(), grid);
        NDArray neg = b.perPosition() ? m.create(b.neg(), new Shape(b.rows(), b.width(), 1))
                : m.create(b.neg(), new Shape(b.rows(), b.negatives()));
        return new NDList(seq, pos, neg);
    }
}
