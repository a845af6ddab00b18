package ai.affinity.deep.train;

import ai.affinity.data.Interactions;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {
    /** Noisy linear regression y = x·[2, -1, 0.5] + noise, examples shuffled each epoch. */
    private static final class Regression implements BatchSource {
        final float[] x;
        final float[] y;
        final Weights w;
        final int n;
        int[] order;

        Regression(Weights w, int n, long seed) {
            this.w = w;
            this.n = n;
            SplittableRandom r = new SplittableRandom(seed);
            x = new float[n * 3];
            y = new float[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    x[i * 3 + j] = (float) r.nextGaussian();
                }
                y[i] = 2 * x[i * 3] - x[i * 3 + 1] + 0.5f * x[i * 3 + 2] + 0.1f * (float) r.nextGaussian();
            }
        }

        @Override
        public int numExamples() {
            return n;
        }

        @Override
        public void startEpoch(int epoch, SplittableRandom rng) {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }

        @Override
        public NDArray loss(NDManager m, int from, int to, long step, SplittableRandom rng) {
            int b = to - from;
            float[] bx = new float[b * 3];
            float[] by = new float[b];
            for (int i = 0; i < b; i++) {
                System.arraycopy(x, order[from + i] * 3, bx, i * 3, 3);
                by[i] = y[order[from + i]];
            }
            NDArray pred = m.create(bx, new Shape(b, 3)).matMul(w.get("w")).reshape(b);
            return pred.sub(m.create(by)).square().mean();
        }
    }

    private static TrainingResult regress(TrainConfig c, float[] out) {
        try (NDManager m = NDManager.newBaseManager()) {
            Weights w = new Weights(m);
            w.add("w", new float[3], 3, 1);
            TrainingResult r = new TrainingLoop("regression", c, null).run(w, new Regression(w, 200, 5), null, null);
            System.arraycopy(w.values("w"), 0, out, 0, 3);
            return r;
        }
    }

    @Test
    void lossFallsAndTheFitRecoversTheCoefficients() {
        float[] w = new float[3];
        TrainingResult r = regress(TrainConfig.defaults().withEpochs(30).withBatchSize(20)
                .withOptimizer(TrainConfig.Optimizer.ADAM, 0.05f, 0f), w);
        assertEquals(30, r.epochs().size());
        assertEquals(300, r.steps());
        assertTrue(r.lastLoss() < 0.1 * r.firstLoss(), r.firstLoss() + " -> " + r.lastLoss());
        assertEquals(2, w[0], 0.1);
        assertEquals(-1, w[1], 0.1);
        assertEquals(0.5, w[2], 0.1);
    }

    @Test
    void sameSeedSameNumbers() {
        TrainConfig c = TrainConfig.defaults().withEpochs(3).withBatchSize(16)
                .withOptimizer(TrainConfig.Optimizer.ADAMW, 0.01f, 0.01f).withSchedule(5, TrainConfig.Decay.COSINE);
        float[] a = new float[3];
        float[] b = new float[3];
        float[] other = new float[3];
        TrainingResult ra = regress(c, a);
        TrainingResult rb = regress(c, b);
        regress(c.withSeed(43), other);
        assertArrayEquals(a, b);
        assertEquals(ra.lastLoss(), rb.lastLoss());
        assertFalse(java.util.Arrays.equals(a, other), "another seed shuffles differently");
    }

    @Test
    void divergenceThrowsNamingEpochAndBatch() {
        float[] w = new float[3];
        TrainConfig c = TrainConfig.defaults().withEpochs(50).withBatchSize(20)
                .withOptimizer(TrainConfig.Optimizer.ADAM, 1e4f, 0f).withDivergenceFactor(10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> regress(c, w));
        assertTrue(e.getMessage().matches("regression diverged at epoch \\d+, batch \\d+: .*"), e.getMessage());
    }

    @Test
    void nanLossThrows() {
        try (NDManager m = NDManager.newBaseManager()) {
            Weights w = new Weights(m);
            NDArray p = w.add("p", new float[] {1}, 1);
            BatchSource nan = new BatchSource() {
                @Override
                public int numExamples() {
                    return 4;
                }

                @Override
                public NDArray loss(NDManager bm, int from, int to, long step, SplittableRandom rng) {
                    return step == 2 ? p.sub(p).div(p.sub(p)).sum() : p.square().sum();
                }
            };
            TrainConfig c = TrainConfig.defaults().withBatchSize(2);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop("toy", c, null).run(w, nan, null, null));
            assertTrue(e.getMessage().startsWith("toy diverged at epoch 2, batch 1: loss is NaN"), e.getMessage());
        }
    }

    @Test
    void scheduleWarmsUpThenDecays() {
        LearningRateSchedule cos = new LearningRateSchedule(1f, 4, TrainConfig.Decay.COSINE, 14);
        assertEquals(0.25f, cos.rate(1), 1e-6);
        assertEquals(1f, cos.rate(4), 1e-6);
        assertEquals(0.5f, cos.rate(9), 1e-6); // halfway through the decay: (1 + cos(pi/2)) / 2
        assertEquals(1e-3f, cos.rate(14), 1e-6); // floor at 1e-3 of the peak
        LearningRateSchedule lin = new LearningRateSchedule(2f, 0, TrainConfig.Decay.LINEAR, 10);
        assertEquals(1.8f, lin.rate(1), 1e-6);
        assertEquals(1f, lin.rate(5), 1e-6);
        LearningRateSchedule constant = new LearningRateSchedule(2f, 2, TrainConfig.Decay.CONSTANT, 10);
        assertEquals(1f, constant.rate(1), 1e-6);
        assertEquals(2f, constant.rate(10), 1e-6);
    }

    @Test
    void badConfigIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.defaults().withBatchSize(0));
        assertEquals("training batch size must be >= 1; got 0", e.getMessage());
    }

    /**
     * Item scores as the weights; validation says item 0 is relevant. Training pushes item 0 down and
     * item 1 up (loss w0 - w1, Adam steps of exactly lr), so epoch 1 (w0 = 0.7 > w1 = 0.3) is the best
     * epoch, epochs 2 and 3 rank item 1 first, patience 2 stops there and epoch 1's weights return.
     */
    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        Interactions.Builder tb = Interactions.builder().setDimensions(4, 3);
        Interactions.Builder vb = Interactions.builder().setDimensions(4, 3);
        for (int u = 0; u < 4; u++) {
            tb.add(u, 2, 1, 1);
            vb.add(u, 0, 1, 2);
        }
        TrainingData data = new TrainingData(tb.build(), null, null, vb.build());
        try (NDManager m = NDManager.newBaseManager()) {
            Weights w = new Weights(m);
            NDArray s = w.add("scores", new float[] {1, 0, 0}, 3);
            BatchSource push = new BatchSource() {
                @Override
                public int numExamples() {
                    return 1;
                }

                @Override
                public NDArray loss(NDManager bm, int from, int to, long step, SplittableRandom rng) {
                    return s.mul(bm.create(new float[] {1, -1, 0})).sum();
                }
            };
            Model current = new Model() {
                final float[] v = w.values("scores");

                @Override
                public int numItems() {
                    return 3;
                }

                @Override
                public void score(UserQuery q, float[] out) {
                    System.arraycopy(v, 0, out, 0, 3);
                }
            };
            TrainConfig c = TrainConfig.defaults().withEpochs(10).withPatience(2)
                    .withOptimizer(TrainConfig.Optimizer.ADAM, 0.3f, 0f);
            TrainingResult r = new TrainingLoop("toy", c, null).run(w, push, data, () -> snapshotModel(w));
            assertTrue(r.stoppedEarly());
            assertEquals(3, r.epochs().size());
            assertEquals(1, r.bestEpoch());
            assertEquals(1.0, r.bestNdcg(), 1e-9);
            assertEquals(1 / (Math.log(3) / Math.log(2)), r.epochs().get(1).validationNdcg(), 1e-9);
            assertArrayEquals(new float[] {0.7f, 0.3f, 0f}, w.values("scores"), 1e-5f);
            assertEquals(3, current.numItems());
        }
    }

    private static Model snapshotModel(Weights w) {
        float[] v = w.values("scores");
        return new Model() {
            @Override
            public int numItems() {
                return v.length;
            }

            @Override
            public void score(UserQuery q, float[] out) {
                System.arraycopy(v, 0, out, 0, v.length);
            }
        };
    }
}
