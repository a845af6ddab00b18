package ai.affinity.deep.ncf;

import ai.affinity.data.Interactions;
import ai.affinity.deep.DeepModels;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.deep.train.ValidationSet;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.ContractFixture;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.io.ModelStore;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeuMfTest {
    private static final int[] LAYERS = {8, 6, 4};

    /**
     * Same seed, same model, whenever the garbage collector runs between a forward and a backward pass
     * (the MLP's and the loss's {@code max(x, 0)} were DJL number operands whose Java buffers the backward
     * pass read; see {@code ai.affinity.deep.train.Scalars}).
     */
    @Test
    void sameSeedGivesTheSameModelWhenTheCollectorRunsMidStep() {
        TrainingData data = ContractFixture.training(42);
        NeuMf cfg = new NeuMf("neumf", 8, LAYERS, 4, "uniform", 3, 32, 2e-2, 0, false, 0.5, 0.1, 0);
        FitContext one = new FitContext(42, 1, Progress.silent());
        var a = cfg.fit(data, one);
        var b = ai.affinity.deep.train.GcStress.during(() -> cfg.fit(data, one));
        float[] sa = new float[a.numItems()];
        float[] sb = new float[b.numItems()];
        UserQuery q = new UserQuery(2, null, null);
        a.score(q, sa);
        b.score(q, sb);
        assertArrayEquals(sa, sb);
    }

    /**
     * On the block-diagonal fixture with a quarter of each user's events held out as validation:
     * the training loss falls, and the kept epoch's validation NDCG@10 is far above most-popular's,
     * which cannot tell the blocks apart. Pre-training runs its three stages (GMF, MLP, NeuMF).
     */
    @Test
    void lossFallsAndValidationBeatsPopularity() {
        Split split = RandomHoldout.split(ContractFixture.training(42).train(), 0.25, 42);
        TrainingData data = new TrainingData(split.train(), null, null, split.test());
        double pop = ValidationSet.of(data, 1, 42).ndcg10(new Popularity().fit(data, FitContext.seeded(42)));
        for (boolean pretrain : new boolean[] {false, true}) {
            NeuMf cfg = new NeuMf("neumf", 8, LAYERS, 4, "uniform", 15, 32, 2e-2, 0, pretrain, 0.5, 0.1, 0);
            NeuMf.Fit fit = cfg.fitWithResult(data, new FitContext(42, 1, Progress.silent()), e -> { });
            assertEquals(pretrain ? 3 : 1, fit.stages().size());
            TrainingResult r = fit.training();
            double ndcg = ValidationSet.of(data, 1, 42).ndcg10(fit.model());
            assertEquals(r.bestNdcg(), ndcg, 1e-12, "the returned model is the best epoch's");
            if (!pretrain) {
                assertTrue(r.lastLoss() < 0.8 * r.firstLoss(), "loss " + r.firstLoss() + " -> " + r.lastLoss());
            }
            assertTrue(ndcg > 0.5 && ndcg > 1.5 * pop, "pretrain=" + pretrain + ": neumf validation ndcg@10 " + ndcg
                    + " vs most-popular " + pop);
        }
    }

    /** The pure-Java scores of a known user equal the DJL network's logits for every item. */
    @Test
    void javaScoringMatchesTheNetwork() {
        NeuMfWeights w = NeuMfWeights.initialise(5, 7, 3, LAYERS, true, true, 0.5, new SplittableRandom(3));
        NeuMfModel model = new NeuMfModel(w, new boolean[] {true, true, true, true, true}, Map.of());
        float[] java = new float[7];
        model.score(new UserQuery(2, null, null), java);
        try (NDManager m = NDManager.newBaseManager()) {
            ai.affinity.deep.train.Weights weights = new ai.affinity.deep.train.Weights(m);
            w.addTo(weights);
            long[] users = new long[7];
            long[] items = new long[7];
            for (int i = 0; i < 7; i++) {
                users[i] = 2;
                items[i] = i;
            }
            float[] djl = NeuMfNetwork.logits(m.create(users), m.create(items), NeuMfTrainer.arrays(weights, w))
                    .toFloatArray();
            assertArrayEquals(djl, java, 1e-5f);
        }
    }

    /** Fusing pre-trained branches with alpha gives logits alpha·GMF + (1 − alpha)·MLP, as in the paper. */
    @Test
    void fusingPretrainedBranchesWeighsTheirLogits() {
        SplittableRandom rng = new SplittableRandom(5);
        NeuMfWeights g = NeuMfWeights.initialise(4, 6, 3, LAYERS, true, false, 0.5, rng);
        NeuMfWeights mlp = NeuMfWeights.initialise(4, 6, 3, LAYERS, false, true, 0.5, rng);
        g.bias = 0.3f;
        mlp.bias = -0.1f;
        boolean[] all = {true, true, true, true};
        NeuMfModel gm = new NeuMfModel(g, all, Map.of());
        NeuMfModel mm = new NeuMfModel(mlp, all, Map.of());
        NeuMfModel fused = new NeuMfModel(NeuMfWeights.fuse(g, mlp, 0.5), all, Map.of());
        assertEquals("gmf", gm.network());
        assertEquals("neumf", fused.network());
        for (int u = 0; u < 4; u++) {
            float[] a = new float[6];
            float[] b = new float[6];
            float[] f = new float[6];
            UserQuery q = new UserQuery(u, null, null);
            gm.score(q, a);
            mm.score(q, b);
            fused.score(q, f);
            for (int i = 0; i < 6; i++) {
                assertEquals(0.5 * a[i] + 0.5 * b[i], f[i], 1e-5, "user " + u + " item " + i);
            }
        }
    }

    /** Negatives are never the user's training items; popularity sampling favours popular items. */
    @Test
    void negativesAvoidPositivesAndFollowPopularity() {
        Interactions.Builder b = Interactions.builder().setDimensions(30, 10);
        for (int u = 0; u < 30; u++) {
            b.add(u, 0, 1, u);
            if (u < 20) {
                b.add(u, 1, 1, u);
            }
        }
        b.add(0, 5, 1, 99);
        Interactions x = b.build();
        SplittableRandom rng = new SplittableRandom(1);
        int[] uniform = new int[10];
        int[] popular = new int[10];
        NeuMfTrainer.Pairs pu = new NeuMfTrainer.Pairs(x, 4, false);
        NeuMfTrainer.Pairs pp = new NeuMfTrainer.Pairs(x, 4, true);
        for (int t = 0; t < 20_000; t++) {
            int u = 20 + t % 10; // users with item 0 only
            uniform[pu.negative(u, rng)]++;
            popular[pp.negative(u, rng)]++;
            int j = pp.negative(0, rng);
            assertFalse(j == 0 || j == 1 || j == 5, "user 0's negative " + j + " is a training item");
        }
        assertEquals(0, uniform[0]);
        assertEquals(0, popular[0]);
        // Item 1 (20 events) vs item 2 (none): equal uniformly, 20^0.75 ≈ 9.5 times as often by popularity.
        assertEquals(1.0, uniform[1] / (double) uniform[2], 0.15);
        assertEquals(Math.pow(20, 0.75), popular[1] / (double) popular[2], 1.5);
    }

    /**
     * Training runs on sparse embedding rows: a batch's loss from the gathered rows equals the dense
     * network's loss on the whole tables for the same pairs, and after the step only the rows of the
     * batch's users and items have changed (every other row, and its optimiser state, is untouched).
     */
    @Test
    void sparseBatchMatchesTheDenseNetworkAndTouchesOnlyItsRows() {
        Interactions.Builder b = Interactions.builder().setDimensions(12, 9);
        for (int u = 0; u < 12; u++) {
            b.add(u, u % 9, 1, u);
            b.add(u, (u + 3) % 9, 1, u);
        }
        Interactions x = b.build();
        NeuMfWeights w = NeuMfWeights.initialise(12, 9, 3, LAYERS, true, true, 0.5, new SplittableRandom(4));
        NeuMfWeights before = w.copy();
        NeuMfTrainer.Pairs pairs = new NeuMfTrainer.Pairs(x, 2, false);
        int from = 3;
        int to = 6;
        try (NDManager m = NDManager.newBaseManager()) {
            ai.affinity.deep.train.Weights dense = new ai.affinity.deep.train.Weights(m);
            before.addTo(dense);
            int rows = (to - from) * 3;
            long[] u = new long[rows];
            long[] i = new long[rows];
            float[] labels = pairs.fill(from, to, u, i, new SplittableRandom(9));
            float expected = NeuMfNetwork.bceLoss(NeuMfNetwork.logits(m.create(u), m.create(i),
                    NeuMfTrainer.arrays(dense, before)), m.create(labels)).toFloatArray()[0];

            ai.affinity.deep.train.Weights sparse = new ai.affinity.deep.train.Weights(m);
            ai.affinity.deep.train.SparseEmbedding[] tables = w.addSparseTo(sparse, 0f);
            NeuMfTrainer.Source source = new NeuMfTrainer.Source(pairs, tables, NeuMfTrainer.arrays(sparse, w));
            try (NDManager bm = m.newSubManager();
                 ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
                ai.djl.ndarray.NDArray loss = source.loss(bm, from, to, 0, new SplittableRandom(9));
                assertEquals(expected, loss.toFloatArray()[0], 1e-6f);
                gc.backward(loss);
                for (ai.affinity.deep.train.SparseEmbedding t : tables) {
                    t.step(0.01f);
                }
            }
            java.util.Set<Long> batchUsers = new java.util.HashSet<>();
            java.util.Set<Long> batchItems = new java.util.HashSet<>();
            for (int r = 0; r < rows; r++) {
                batchUsers.add(u[r]);
                batchItems.add(i[r]);
            }
            assertOnlyBatchRowsStepped(tables[0], before.pg, batchUsers);
            assertOnlyBatchRowsStepped(tables[2], before.pm, batchUsers);
            assertOnlyBatchRowsStepped(tables[1], before.qg, batchItems);
            assertOnlyBatchRowsStepped(tables[3], before.qm, batchItems);
            // The GMF tables' gradients cannot vanish (no ReLU), so every batch row moved there.
            for (long r : batchUsers) {
                assertFalse(java.util.Arrays.equals(before.pg, (int) r * 3, (int) r * 3 + 3, w.pg, (int) r * 3,
                        (int) r * 3 + 3), "user row " + r);
            }
        }
    }

    /** Rows of the batch got exactly one optimiser step; every other row kept its values and no step. */
    private static void assertOnlyBatchRowsStepped(ai.affinity.deep.train.SparseEmbedding t, float[] before,
                                                   java.util.Set<Long> touched) {
        int dim = t.dim();
        for (int r = 0; r < t.rows(); r++) {
            assertEquals(touched.contains((long) r) ? 1 : 0, t.steps(r), "steps of " + t.name() + " row " + r);
            if (!touched.contains((long) r)) {
                assertTrue(java.util.Arrays.equals(before, r * dim, r * dim + dim, t.table(), r * dim, r * dim + dim),
                        t.name() + " row " + r + " changed");
            }
        }
    }

    @Test
    void parametersParseAndBadOnesAreNamed() {
        NeuMf m = NeuMf.fromParams(Map.of("layers", "32-16-8", "factors", "8", "pretrain", "true",
                "sampling", "popularity"));
        assertArrayEquals(new int[] {32, 16, 8}, m.layers());
        assertEquals("32-16-8", m.params().get("layers"));
        assertTrue(m.pretrain());
        assertEquals(m, NeuMf.fromParams(Map.of("layers", "32-16-8", "factors", "8", "pretrain", "true",
                "sampling", "popularity")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuMf.fromParams(Map.of("layers", "33-16")));
        assertEquals("model 'neumf' parameter 'layers' must be at least two sizes, dash-separated, the first even "
                + "(e.g. 64-32-16); got 33-16", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NeuMf.fromParams(Map.of("negatvies", "3")));
        assertEquals("model 'neumf' has no parameter 'negatvies'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NeuMf.fromParams(Map.of("network", "gmf", "pretrain", "true")));
    }

    @Test
    void registersInBothRegistries() {
        DeepModels.register();
        assertTrue(AlgorithmRegistry.names().contains("neumf"));
        assertTrue(ModelStore.kinds().contains("neumf"));
        NeuMf m = (NeuMf) AlgorithmRegistry.create("neumf:factors=4,layers=8-4,epochs=2");
        assertEquals(4, m.factors());
        assertTrue(AlgorithmRegistry.describe("neumf").contains("negatives"));
    }
}
