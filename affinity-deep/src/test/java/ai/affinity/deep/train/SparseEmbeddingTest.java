package ai.affinity.deep.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparseEmbeddingTest {
    /** Gathers {@code ids}, takes loss = Σ_p ⟨E[ids_p], c_p⟩ (gradient of row r: Σ of c_p over its positions), steps. */
    private static void linearStep(SparseEmbedding t, int[] ids, float[] c, float lr) {
        try (NDManager m = NDManager.newBaseManager()) {
            SparseEmbedding.Unique u = SparseEmbedding.Unique.of(ids, filled(t.rows()));
            NDArray rows = t.gather(m, u.distinct());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray e = SparseEmbedding.lookup(rows, u.local(), ids.length);
                gc.backward(e.mul(m.create(c, new Shape(ids.length, t.dim()))).sum());
            }
            t.step(lr);
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    /**
     * Hand-computed Adam: with a constant gradient g, every step moves each coordinate by
     * lr·sign(g) (m̂ = g, v̂ = g², up to ε). Untouched rows keep their values and step counts; a row
     * first touched at the third step also moves by exactly lr (per-row step counts, not LazyAdam's
     * global count, which would move it by about 3.2·lr).
     */
    @Test
    void adamStepsOnlyTouchedRowsWithPerRowCounts() {
        float[] init = {1, 2, 3, 4, 5, 6};
        SparseEmbedding t = new SparseEmbedding("t", 3, 2, init.clone(), 0f, false);
        linearStep(t, new int[] {0}, new float[] {1, -2}, 0.1f);
        assertArrayEquals(new float[] {0.9f, 2.1f, 3, 4, 5, 6}, t.table(), 1e-6f);
        linearStep(t, new int[] {0}, new float[] {1, -2}, 0.1f);
        assertArrayEquals(new float[] {0.8f, 2.2f, 3, 4, 5, 6}, t.table(), 1e-6f);
        assertEquals(2, t.steps(0));
        assertEquals(0, t.steps(2));
        linearStep(t, new int[] {2}, new float[] {-0.5f, 3}, 0.1f);
        assertArrayEquals(new float[] {0.8f, 2.2f, 3, 4, 5.1f, 5.9f}, t.table(), 1e-6f);
        assertEquals(1, t.steps(2));
        assertEquals(0, t.steps(1));
    }

    /**
     * A row gathered at two positions gets the sum of both gradients in one update: c = (1, 1) and
     * (2, -3) sum to (3, -2); after one step (sign of the sum) the row moves by lr·(−1, +1).
     * Padding ids (negative) are ignored.
     */
    @Test
    void repeatedIdsSumTheirGradients() {
        SparseEmbedding t = new SparseEmbedding("t", 2, 2, new float[] {0, 0, 0, 0}, 0f, false);
        int[] ids = {1, -1, 1};
        SparseEmbedding.Unique u = SparseEmbedding.Unique.of(ids, filled(2));
        assertArrayEquals(new int[] {1}, u.distinct());
        assertArrayEquals(new int[] {0, -1, 0}, u.local());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray rows = t.gather(m, u.distinct());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray e = SparseEmbedding.lookup(rows, new int[] {0, 0}, 2);
                gc.backward(e.mul(m.create(new float[] {1, 1, 2, -3}, new Shape(2, 2))).sum());
            }
            assertArrayEquals(new float[] {0, 0, 3, -2}, t.pendingGradient(), 1e-6f);
            t.step(0.5f);
        }
        assertArrayEquals(new float[] {0, 0, -0.5f, 0.5f}, t.table(), 1e-6f);
    }

    /**
     * Gradient check: loss = Σ_p tanh(E[ids_p] · w_p) over a batch with repeated ids; the gradient
     * read back from the gathered rows equals central finite differences of the loss in double.
     */
    @Test
    void gatheredGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(7);
        int rows = 5;
        int dim = 3;
        SparseEmbedding t = SparseEmbedding.gaussian("t", rows, dim, 0.5, rng, 0f, false);
        int[] ids = {3, 0, 3, 4, 0, 3};
        float[] w = new float[ids.length * dim];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        float[] grad;
        try (NDManager m = NDManager.newBaseManager()) {
            SparseEmbedding.Unique u = SparseEmbedding.Unique.of(ids, filled(rows));
            NDArray g = t.gather(m, u.distinct());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray e = SparseEmbedding.lookup(g, u.local(), ids.length);
                gc.backward(e.mul(m.create(w, new Shape(ids.length, dim))).sum(new int[] {1}).tanh().sum());
            }
            grad = t.pendingGradient();
            t.discardPending();
        }
        double h = 1e-3;
        double[] table = new double[rows * dim];
        for (int i = 0; i < table.length; i++) {
            table[i] = t.table()[i];
        }
        for (int i = 0; i < table.length; i++) {
            double keep = table[i];
            table[i] = keep + h;
            double up = tanhLoss(table, ids, w, dim);
            table[i] = keep - h;
            double down = tanhLoss(table, ids, w, dim);
            table[i] = keep;
            assertEquals((up - down) / (2 * h), grad[i], 1e-4, "d loss / d table[" + i + "]");
        }
        assertEquals(0f, grad[1 * dim], "row 1 is not in the batch");
    }

    private static double tanhLoss(double[] table, int[] ids, float[] w, int dim) {
        double loss = 0;
        for (int p = 0; p < ids.length; p++) {
            double dot = 0;
            for (int j = 0; j < dim; j++) {
                dot += table[ids[p] * dim + j] * w[p * dim + j];
            }
            loss += Math.tanh(dot);
        }
        return loss;
    }

    /**
     * When every row is touched at every step, sparse Adam is dense Adam: five steps of a quadratic
     * loss give the same table as DJL's Adam on a dense array (same rate, β, ε; with L2 weight decay).
     */
    @Test
    void allRowsTouchedEqualsDjlDenseAdam() {
        int rows = 4;
        int dim = 3;
        SplittableRandom rng = new SplittableRandom(11);
        float[] init = new float[rows * dim];
        float[] target = new float[rows * dim];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) rng.nextGaussian();
            target[i] = (float) rng.nextGaussian();
        }
        float lr = 0.05f;
        float wd = 0.01f;
        SparseEmbedding t = new SparseEmbedding("t", rows, dim, init.clone(), wd, false);
        int[] all = {2, 0, 3, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dense = m.create(init.clone(), new Shape(rows, dim));
            dense.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).optWeightDecays(wd).build();
            for (int step = 0; step < 5; step++) {
                try (NDManager bm = m.newSubManager()) {
                    NDArray tgt = bm.create(target, new Shape(rows, dim));
                    NDArray g = t.gather(bm, all);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        // rows come back in `all` order: compare with the target rows in that order.
                        NDArray order = bm.create(new long[] {2, 0, 3, 1});
                        NDArray tg = SparseEmbedding.lookup(tgt, new int[] {2, 0, 3, 1}, 4);
                        gc.backward(Scalars.mul(g.sub(tg).square().sum(), 0.5).add(Scalars.mul(dense.sub(tgt).square().sum(), 0.5)));
                        order.close();
                    }
                    t.step(lr);
                    try (NDArray grad = dense.getGradient()) {
                        adam.update("dense", dense, grad);
                    }
                    JniUtils.zeroGrad((PtNDArray) dense);
                }
            }
            assertArrayEquals(dense.toFloatArray(), t.table(), 1e-5f);
        }
    }

    /**
     * Bags by hand: table rows r0 = (1, 2), r1 = (3, 4), r2 = (5, 6); bags {0.5·r0 + 2·r2}, {} and
     * {r2}. With loss Σ_b ⟨bag_b, c_b⟩ the gradient of row r is Σ over its entries of value · c_bag:
     * r0 gets 0.5·c0, r1 nothing, r2 gets 2·c0 + c2.
     */
    @Test
    void bagSumsWeightedRowsAndSendsGradientsBack() {
        SparseEmbedding t = new SparseEmbedding("t", 3, 2, new float[] {1, 2, 3, 4, 5, 6}, 0f, false);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray bags = t.bag(m, new int[] {0, 2, 2, 3}, new int[] {0, 2, 2}, new float[] {0.5f, 2, 1});
            assertArrayEquals(new float[] {10.5f, 13, 0, 0, 5, 6}, bags.toFloatArray(), 1e-6f);
            float[] c = {1, -1, 7, 7, 0.25f, 3};
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(bags.mul(m.create(c, new Shape(3, 2))).sum());
            }
            assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0, 2.25f, 1}, t.pendingGradient(), 1e-6f);
            t.step(0.1f);
            // Lazy Adam: rows 0 and 2 move by lr against their gradient's sign, row 1 is untouched.
            assertArrayEquals(new float[] {0.9f, 2.1f, 3, 4, 4.9f, 5.9f}, t.table(), 1e-6f);
            assertEquals(0, t.steps(1));
        }
    }

    /**
     * A bag large enough to be split between threads (4,096 entries × 512 dims) gives the plain
     * sequential sums, forward and backward, bit for bit.
     */
    @Test
    void largeBagsMatchTheSequentialSums() {
        int rows = 50;
        int dim = 512;
        int bags = 64;
        int entries = 4096;
        SplittableRandom rng = new SplittableRandom(3);
        float[] init = new float[rows * dim];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) rng.nextGaussian();
        }
        int[] offsets = new int[bags + 1];
        int[] ids = new int[entries];
        float[] values = new float[entries];
        for (int b = 0; b <= bags; b++) {
            offsets[b] = (int) ((long) entries * b / bags);
        }
        for (int j = 0; j < entries; j++) {
            ids[j] = rng.nextInt(rows);
            values[j] = (float) rng.nextDouble();
        }
        float[] expected = new float[bags * dim];
        float[] c = new float[bags * dim];
        float[] expectedGrad = new float[rows * dim];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) rng.nextGaussian();
        }
        for (int b = 0; b < bags; b++) {
            for (int j = offsets[b]; j < offsets[b + 1]; j++) {
                for (int d = 0; d < dim; d++) {
                    expected[b * dim + d] += values[j] * init[ids[j] * dim + d];
                    expectedGrad[ids[j] * dim + d] += values[j] * c[b * dim + d];
                }
            }
        }
        SparseEmbedding t = new SparseEmbedding("t", rows, dim, init.clone(), 0.9f, 0.999f, 1e-8f, 0f, false, true);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = t.bag(m, offsets, ids, values);
            assertArrayEquals(expected, out.toFloatArray());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(out.mul(m.create(c, new Shape(bags, dim))).sum());
            }
            assertArrayEquals(expectedGrad, t.pendingGradient());
        }
    }

    /**
     * {@code everyRow}: rows the batch does not touch still take Adam steps with gradient 0 (their
     * momentum keeps moving them), as DJL's dense Adam does: three steps where only rows 0 and 2 are
     * in the bags, then one where no row is, give DJL's table on a dense array with the same loss.
     */
    @Test
    void everyRowAdamEqualsDjlDenseAdamWhenRowsAreUntouched() {
        int rows = 3;
        int dim = 2;
        float[] init = {0.3f, -1.2f, 0.7f, 0.1f, -0.4f, 0.9f};
        float lr = 0.05f;
        float wd = 0.01f;
        SparseEmbedding t = new SparseEmbedding("t", rows, dim, init.clone(), 0.9f, 0.999f, 1e-8f, wd, false, true);
        int[][] batchIds = {{0, 2}, {2}, {0, 0, 2}};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dense = m.create(init.clone(), new Shape(rows, dim));
            dense.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).optWeightDecays(wd).build();
            for (int step = 0; step < 4; step++) {
                try (NDManager bm = m.newSubManager()) {
                    // One bag holding every id of the batch with value 1.5 (row 1 never appears), or, at
                    // the last step, a loss that does not use the table at all.
                    int[] ids = step < 3 ? batchIds[step] : new int[] {1};
                    float[] values = new float[ids.length];
                    java.util.Arrays.fill(values, step < 3 ? 1.5f : 0f);
                    float[] onehot = new float[ids.length * rows];
                    for (int k = 0; k < ids.length; k++) {
                        onehot[k * rows + ids[k]] = values[k];
                    }
                    NDArray x = bm.create(onehot, new Shape(1, ids.length * rows)).reshape(ids.length, rows).sum(new int[] {0}, true);
                    NDArray bag = t.bag(bm, new int[] {0, ids.length}, ids, values);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray target = bm.create(new float[] {1, -1}, new Shape(1, dim));
                        gc.backward(bag.sub(target).square().sum().add(x.matMul(dense).sub(target).square().sum()));
                    }
                    t.step(lr);
                    try (NDArray grad = dense.getGradient()) {
                        adam.update("dense", dense, grad);
                    }
                    JniUtils.zeroGrad((PtNDArray) dense);
                }
            }
            assertArrayEquals(dense.toFloatArray(), t.table(), 1e-6f);
            assertEquals(4, t.steps(1));
        }
    }

    @Test
    void badShapesAndIdsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseEmbedding("items", 3, 2, new float[5], 0f, false));
        assertTrue(e.getMessage().contains("items"), e.getMessage());
        SparseEmbedding t = new SparseEmbedding("items", 3, 2, new float[6], 0f, false);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IndexOutOfBoundsException.class, () -> t.gather(m, new int[] {3}));
        }
    }

    /** The loop steps registered sparse tables and snapshots/restores them with the dense weights. */
    @Test
    void weightsSnapshotIncludesSparseTables() {
        try (NDManager m = NDManager.newBaseManager()) {
            Weights w = new Weights(m);
            w.add("b", new float[] {1, 2}, 2);
            SparseEmbedding t = w.addSparse(new SparseEmbedding("e", 2, 1, new float[] {3, 4}, 0f, false));
            float[][] snap = w.snapshot();
            assertArrayEquals(new float[] {3, 4}, snap[1]);
            t.table()[0] = 9;
            w.restore(snap);
            assertArrayEquals(new float[] {3, 4}, t.table());
            assertEquals(4, w.numValues());
            assertThrows(IllegalArgumentException.class, () -> w.addSparse(new SparseEmbedding("b", 1, 1, new float[1], 0f,
                    false)));
        }
    }
}
