package ai.affinity.deep.seq;

import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * Trains {@link SasRecNetwork} with Adam (beta2 0.98, as in the paper) on {@link SequenceBatcher}
 * batches and exports the result to a pure-Java {@link SasRecModel}. Seeds: parameters from the fit
 * seed in Java, batches and negatives from a seeded generator, dropout from the engine's seed; same
 * seed and thread count, same model.
 */
final class SasRecTrainer {
    private SasRecTrainer() {
    }

    static SasRecModel fit(SasRec cfg, TrainingData data, FitContext ctx) {
        return fit(cfg, data, ctx, loss -> { });
    }

    /** Trains, reporting each epoch's mean loss to {@code epochLoss}. */
    static SasRecModel fit(SasRec cfg, TrainingData data, FitContext ctx, DoubleConsumer epochLoss) {
        int numItems = data.numItems();
        Engine engine = Engine.getEngine("PyTorch");
        // Intra-op threads are process-wide in PyTorch; the last fit's setting stays in effect.
        JniUtils.setNumThreads(ctx.threads());
        engine.setRandomSeed((int) (ctx.seed() ^ (ctx.seed() >>> 32)));
        SasRecNetwork net = new SasRecNetwork(numItems, cfg.dim(), cfg.blocks(), cfg.heads(), cfg.maxLen(),
                cfg.dropout(), cfg.activation().equals("gelu"), ctx.seed());
        SequenceBatcher batcher = new SequenceBatcher(data.train(), cfg.maxLen(), cfg.negatives(),
                ctx.seed() * 0x9E3779B97F4A7C15L + 1);
        boolean softmax = cfg.loss().equals("softmax");
        double beta = cfg.positiveExponent(numItems);
        try (NDManager root = engine.newBaseManager()) {
            net.initialize(root, DataType.FLOAT32, new Shape(1, cfg.maxLen()));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.lr()))
                    .optBeta2(0.98f).build();
            ParameterStore ps = new ParameterStore(root, false);
            try (ParameterServer server = engine.newParameterServer(adam)) {
                ps.setParameterServer(server, new Device[] {root.getDevice()});
                ctx.progress().start("sasrec epochs", cfg.epochs());
                for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                    double lossSum = 0;
                    long targets = 0;
                    List<SequenceBatcher.Batch> batches = batcher.epoch(cfg.batchSize());
                    for (SequenceBatcher.Batch b : batches) {
                        float loss = step(net, ps, root, b, softmax, beta);
                        if (!Float.isFinite(loss)) {
                            throw new IllegalStateException("sasrec training diverged at epoch " + (epoch + 1)
                                    + " (loss " + loss + "); lower lr=" + cfg.lr());
                        }
                        int n = b.targets();
                        lossSum += (double) loss * n;
                        targets += n;
                    }
                    double mean = targets == 0 ? 0 : lossSum / targets;
                    epochLoss.accept(mean);
                    ctx.progress().advance(1);
                }
                ctx.progress().finish();
            }
            Map<String, String> params = new HashMap<>();
            cfg.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
            return new SasRecModel(net.export(), params);
        }
    }

    /** One Adam step on one batch; returns the batch's mean loss. */
    static float step(SasRecNetwork net, ParameterStore ps, NDManager root, SequenceBatcher.Batch b,
                      boolean softmax, double beta) {
        try (NDManager bm = root.newSubManager()) {
            NDList in = inputs(bm, b);
            NDArray mask = bm.create(b.mask(), new Shape(b.rows(), b.width()));
            float value;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDList out = net.forward(ps, in, true);
                NDArray loss = SasRecLoss.compute(out.get(0), out.get(1), mask, softmax, beta);
                gc.backward(loss);
                value = loss.getFloat();
            }
            ps.updateAllParameters();
            return value;
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
