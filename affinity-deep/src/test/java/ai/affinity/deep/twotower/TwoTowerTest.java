package ai.affinity.deep.twotower;

import ai.affinity.data.History;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserFeatures;
import ai.affinity.deep.DeepModels;
import ai.affinity.deep.train.GcStress;
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
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwoTowerTest {
    private static final FitContext ONE_THREAD = new FitContext(42, 1, Progress.silent());

    /**
     * Hand-computed: one user u = (1, 0), items v0 = (1, 0), v1 = (0, 1), τ = 0.5, q = (0.5, 0.25),
     * positive 0. Logits 2 − ln 0.5 = 2.6931 and 0 − ln 0.25 = 1.3863; loss = ln(1 + e^{1.3863 − 2.6931})
     * = ln(1 + 0.27067) = 0.23954. Without the correction: ln(1 + e^{−2}) = 0.12693.
     */
    @Test
    void sampledSoftmaxWithLogQByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray v = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            float[] logq = {(float) Math.log(0.5), (float) Math.log(0.25)};
            assertEquals(0.23954, InBatchSoftmax.loss(u, v, logq, new int[] {0}, 0.5f).getFloat(), 1e-5);
            assertEquals(0.12693, InBatchSoftmax.loss(u, v, null, new int[] {0}, 0.5f).getFloat(), 1e-5);
        }
    }

    /**
     * Hand-computed with an item bias b = (0, 1), otherwise as above: logits 2 − ln 0.5 + 0 = 2.6931 and
     * 0 − ln 0.25 + 1 = 2.3863; loss = ln(1 + e^{2.3863 − 2.6931}) = ln(1 + 0.73576) = 0.55144. The
     * double reference agrees.
     */
    @Test
    void sampledSoftmaxWithItemBiasByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray v = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray bias = m.create(new float[] {0, 1}, new Shape(2, 1));
            float[] logq = {(float) Math.log(0.5), (float) Math.log(0.25)};
            assertEquals(0.55144, InBatchSoftmax.loss(u, v, bias, logq, new int[] {0}, 0.5f).getFloat(), 1e-5);
        }
        assertEquals(0.55144, InBatchSoftmax.reference(new double[] {1, 0}, new double[] {1, 0, 0, 1}, 2,
                new double[] {0, 1}, new double[] {Math.log(0.5), Math.log(0.25)}, new int[] {0}, 0.5), 1e-5);
    }

    /**
     * Short histories: length floor(51^x) clamped to [1, 50] (x = 0 → 1, x = 0.5 → floor(7.14) = 7,
     * x → 1 → 50). Initial biases: counts (3, 1, 0), item 2 cold: log counts (1.0986, 0) centred on
     * their mean 0.5493 → (0.5493, −0.5493), and 0 for the cold item.
     */
    @Test
    void shortHistoryLengthsAndInitialBiasByHand() {
        assertEquals(1, TwoTowerTrainer.Source.shortLength(50, 0.0));
        assertEquals(7, TwoTowerTrainer.Source.shortLength(50, 0.5));
        assertEquals(50, TwoTowerTrainer.Source.shortLength(50, 0.99999));
        assertEquals(1, TwoTowerTrainer.Source.shortLength(1, 0.7));
        int[] buckets = {0, 1, 2, 3, 4, 5, 6, 6, 7, 7, 8, 8};
        int[] lengths = {0, 1, 2, 3, 4, 5, 6, 10, 11, 20, 21, 500};
        for (int k = 0; k < lengths.length; k++) {
            assertEquals(buckets[k], TwoTower.lengthBucket(lengths[k]), "bucket of length " + lengths[k]);
        }
        ai.affinity.data.Interactions.Builder b = ai.affinity.data.Interactions.builder();
        b.setDimensions(3, 3);
        b.add(0, 0, 1f, 0);
        b.add(0, 1, 1f, 0);
        b.add(1, 0, 1f, 0);
        b.add(2, 0, 1f, 0);
        ai.affinity.data.Interactions x = b.build();
        // item 2 has no events: cold
        float[] init = TwoTowerTrainer.Net.initialBias(x, new boolean[] {true, true, false});
        assertEquals(0.5493, init[0], 1e-4);
        assertEquals(-0.5493, init[1], 1e-4);
        assertEquals(0, init[2], 0);
    }

    /**
     * With the item bias the scores are ⟨u, v_i⟩ + τ·b_i: an item's bias survives save/load (the contract
     * test checks scores) and items added later read 0; the option parses and still learns the blocks.
     */
    @Test
    void itemBiasIsScoredAndNewItemsGetZero() {
        TwoTower cfg = TwoTowerItemBiasContractTest.withBias();
        TrainingData data = ContractFixture.training(42);
        TwoTowerModel model = cfg.fit(data, ONE_THREAD);
        assertTrue(model.hasItemBias());
        assertEquals(2, model.payloadVersion());
        UserQuery q = new UserQuery(-1, History.empty(), UserFeatures.none());
        float[] s = new float[model.numItems()];
        model.score(q, s);
        float[] u = model.userVector(q);
        for (int j = 0; j < u.length; j++) {
            u[j] /= model.lengthScale(0); // userVector includes the scale
        }
        float[] v = model.itemVector(3);
        double dot = 0;
        for (int j = 0; j < u.length; j++) {
            dot += u[j] * v[j];
        }
        // an empty history: scale of length 0 times the (unit) user vector, plus τ·b_3
        assertEquals(model.lengthScale(0) * dot + model.itemBias(3), s[3], 1e-5);
        assertTrue(model.lengthScale(0) != 1f, "the length-0 scale was trained");
        assertTrue(model.itemBias(3) != 0f);
        TwoTowerModel grown = model.withItems(List.of(v));
        assertEquals(0f, grown.itemBias(model.numItems()));
        assertEquals(model.itemBias(3), grown.itemBias(3));
        assertEquals(1, TwoTowerContractTest.small("mean").fit(data, ONE_THREAD).payloadVersion());
        TwoTower parsed = TwoTower.fromParams(Map.of("item_bias", "true", "short_history", "0.3", "length_scale", "true"));
        assertTrue(parsed.itemBias());
        assertTrue(parsed.lengthScale());
        assertEquals(0.3, parsed.shortHistory());
        assertThrows(IllegalArgumentException.class, () -> TwoTower.fromParams(Map.of("short_history", "1")));
        Split split = RandomHoldout.split(data.train(), 0.25, 42);
        TrainingData tv = new TrainingData(split.train(), data.items(), data.users(), split.test());
        double pop = ValidationSet.of(tv, 1, 42).ndcg10(new Popularity().fit(tv, FitContext.seeded(42)));
        double tt = ValidationSet.of(tv, 1, 42).ndcg10(cfg.fit(tv, ONE_THREAD));
        assertTrue(tt > 1.5 * pop, "twotower with item bias: validation ndcg@10 " + tt + " vs most-popular " + pop);
    }

    /**
     * Same seed, same model, whenever the garbage collector runs: a fit with a collection (and freed
     * native chunks refilled with NaN) between every forward and backward pass equals a plain fit bit
     * for bit. It failed (NaN loss, or other weights) while the loss divided by the batch size and the
     * temperature with DJL's {@code div(Number)}: that scalar lives in a Java direct buffer which DJL
     * closes right after the op, while autograd keeps the tensor for the backward pass, so the
     * gradient read freed memory once the collector had run (ml-100k hybrid fits differing between
     * runs and between fits in one JVM, and occasional NaN).
     */
    @Test
    void sameSeedGivesTheSameModelWhenTheCollectorRunsMidStep() {
        TrainingData data = ContractFixture.training(42);
        TwoTower cfg = TwoTowerItemBiasContractTest.withBias().withEpochs(3);
        TwoTowerModel plain = cfg.fit(data, ONE_THREAD);
        TwoTowerModel stressed = GcStress.during(() -> cfg.fit(data, ONE_THREAD));
        assertArrayEquals(plain.itemVectors(), stressed.itemVectors());
        assertEquals(plain.itemBias(3), stressed.itemBias(3));
    }

    /** Autograd's gradients of the logQ-corrected in-batch softmax equal central finite differences of the double reference. */
    @Test
    void sampledSoftmaxGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        int b = 4;
        int c = 3;
        int d = 3;
        float[] uf = gaussian(rng, b * d);
        float[] vf = gaussian(rng, c * d);
        float[] logq = {-1.2f, -0.3f, -2.5f};
        int[] labels = {0, 2, 1, 2};
        float tau = 0.7f;
        float[] gu;
        float[] gv;
        float loss;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = m.create(uf, new Shape(b, d));
            NDArray v = m.create(vf, new Shape(c, d));
            u.setRequiresGradient(true);
            v.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = InBatchSoftmax.loss(u, v, logq, labels, tau);
                loss = l.getFloat();
                gc.backward(l);
            }
            gu = u.getGradient().toFloatArray();
            gv = v.getGradient().toFloatArray();
        }
        double[] ud = toDouble(uf);
        double[] vd = toDouble(vf);
        double[] lq = toDouble(logq);
        assertEquals(InBatchSoftmax.reference(ud, vd, d, lq, labels, tau), loss, 1e-5);
        double h = 1e-4;
        for (int i = 0; i < ud.length; i++) {
            assertEquals(central(ud, i, h, () -> InBatchSoftmax.reference(ud, vd, d, lq, labels, tau)), gu[i], 1e-4,
                    "d loss / d u[" + i + "]");
        }
        for (int i = 0; i < vd.length; i++) {
            assertEquals(central(vd, i, h, () -> InBatchSoftmax.reference(ud, vd, d, lq, labels, tau)), gv[i], 1e-4,
                    "d loss / d v[" + i + "]");
        }
    }

    /**
     * The content bias term: with item biases {@code c = X·w} (X: each item's non-id tower input), autograd's
     * d loss / d w equals central finite differences of the double reference, i.e. Σ_k X[k]·(softmax share −
     * label share) summed over the batch, as the chain rule through the bias gives.
     */
    @Test
    void contentBiasGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        int b = 4;
        int c = 3;
        int d = 2;
        int f = 5;
        float[] uf = gaussian(rng, b * d);
        float[] vf = gaussian(rng, c * d);
        float[] xf = gaussian(rng, c * f);
        float[] wf = gaussian(rng, f);
        float[] logq = {-1.2f, -0.3f, -2.5f};
        int[] labels = {0, 2, 1, 2};
        float tau = 0.5f;
        float[] gw;
        float loss;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(wf, new Shape(f, 1));
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray bias = m.create(xf, new Shape(c, f)).matMul(w);
                NDArray l = InBatchSoftmax.loss(m.create(uf, new Shape(b, d)), m.create(vf, new Shape(c, d)), bias, logq,
                        labels, tau);
                loss = l.getFloat();
                gc.backward(l);
            }
            gw = w.getGradient().toFloatArray();
        }
        double[] ud = toDouble(uf);
        double[] vd = toDouble(vf);
        double[] lq = toDouble(logq);
        double[] wd = toDouble(wf);
        java.util.function.DoubleSupplier ref = () -> {
            double[] bias = new double[c];
            for (int k = 0; k < c; k++) {
                for (int t = 0; t < f; t++) {
                    bias[k] += xf[k * f + t] * wd[t];
                }
            }
            return InBatchSoftmax.reference(ud, vd, d, bias, lq, labels, tau);
        };
        assertEquals(ref.getAsDouble(), loss, 1e-5);
        for (int i = 0; i < f; i++) {
            assertEquals(central(wd, i, 1e-4, ref), gw[i], 1e-4, "d loss / d w[" + i + "]");
        }
    }

    /**
     * {@code content_bias}: the graph's prior of an item is ⟨w, x⟩ over its non-id tower input x (hand-computed
     * here from the attribute table and the block vector), or with {@code content_bias_mlp} ⟨w, relu(W1ᵀ[0 | x]
     * + b1)⟩; the exported model scores τ·(b_i + c_i) for items with events and τ·c_i for items without; a
     * brand-new item gets τ·c from its content; the weights survive save/load (payload 3); the options parse.
     */
    @Test
    void contentBiasIsComputedFromTheContentInputAndReachesNewItems() throws Exception {
        DeepModels.register();
        for (String mlp : new String[] {"false", "true"}) {
            TrainingData data = ContractFixture.training(3);
            TwoTower cfg = TwoTower.fromParams(Map.of("dim", "8", "emb", "8", "feat_dim", "4", "hidden", "16",
                    "min_count", "1", "item_bias", "true", "content_bias", "true", "content_bias_mlp", mlp,
                    "temperature", "0.5")).withItemInputs(List.of(ItemInput.of("blk", 2, blockVectors())));
            assertTrue(cfg.contentBias());
            assertEquals(Boolean.parseBoolean(mlp), cfg.contentBiasMlp());
            try (NDManager root = NDManager.newBaseManager()) {
                TwoTowerTrainer.Net net = new TwoTowerTrainer.Net(cfg, data, root, new SplittableRandom(9));
                int fields = net.itemSpace.numFields();
                assertTrue(fields > 0, "the fixture has item attributes");
                assertEquals(fields * 4 + 2, net.contentIn);
                float[] w = new float[cfg.contentBiasMlp() ? 16 : net.contentIn];
                for (int k = 0; k < w.length; k++) {
                    w[k] = 0.25f * (k % 3) - 0.3f;
                }
                net.weights.get("cb_w").set(w);
                int[] items = {0, 7, 23};
                float[] prior;
                try (NDManager m = root.newSubManager()) {
                    prior = net.itemForward(m, items, new boolean[] {true, false, true})[1].toFloatArray();
                }
                float[] table = net.itemFeat.table();
                float[] w1 = net.weights.values("i_w1"); // (8 + contentIn) × 16
                float[] b1 = net.weights.values("i_b1");
                for (int k = 0; k < items.length; k++) {
                    double[] x = new double[net.contentIn];
                    int[][] rows = net.itemRows[items[k]];
                    for (int g = 0; g < fields; g++) {
                        for (int r : rows[g]) {
                            for (int j = 0; j < 4; j++) {
                                x[g * 4 + j] += table[r * 4 + j] / rows[g].length;
                            }
                        }
                    }
                    float[] blk = blockVectors()[items[k]];
                    x[fields * 4] = blk[0];
                    x[fields * 4 + 1] = blk[1];
                    double expected = 0;
                    if (cfg.contentBiasMlp()) {
                        for (int hk = 0; hk < 16; hk++) {
                            double a = b1[hk];
                            for (int j = 0; j < x.length; j++) {
                                a += x[j] * w1[(8 + j) * 16 + hk];
                            }
                            expected += w[hk] * Math.max(0, a);
                        }
                    } else {
                        for (int j = 0; j < x.length; j++) {
                            expected += w[j] * x[j];
                        }
                    }
                    assertEquals(expected, prior[k], 1e-5, mlp + ": prior of item " + items[k] + " (id kept or dropped alike)");
                }
                net.weights.sparseTables().forEach(t -> t.discardPending());
                TwoTowerModel model = net.export(Map.of());
                assertTrue(model.hasContentBias());
                assertEquals(3, model.payloadVersion());
                for (int k = 0; k < items.length; k++) {
                    double b = net.warm[items[k]] ? net.itemBias.table()[items[k]] : 0;
                    assertEquals(0.5 * (b + prior[k]), model.itemBias(items[k]), 1e-5, mlp + ": score prior of item "
                            + items[k]);
                }
                // A brand-new item with item 7's content gets item 7's content prior, and the grown model scores it.
                ItemContent c7 = data.items().get(7);
                float p7 = model.itemPrior(c7, Map.of("blk", blockVectors()[7]));
                assertEquals(0.5 * prior[1], p7, 1e-5);
                TwoTowerModel grown = model.withItems(List.of(model.itemVector(c7, Map.of("blk", blockVectors()[7]))),
                        new float[] {p7});
                assertEquals(p7, grown.itemBias(model.numItems()));
                TwoTowerModel back = (TwoTowerModel) ModelStore.fromBytes(ModelStore.toBytes(grown));
                assertTrue(back.hasContentBias());
                assertEquals(p7, back.itemPrior(c7, Map.of("blk", blockVectors()[7])), 1e-7);
                assertEquals(grown.itemBias(model.numItems()), back.itemBias(model.numItems()));
            }
        }
        assertTrue(!TwoTower.defaults().contentBias());
    }

    private static double central(double[] x, int i, double h, java.util.function.DoubleSupplier f) {
        double keep = x[i];
        x[i] = keep + h;
        double up = f.getAsDouble();
        x[i] = keep - h;
        double down = f.getAsDouble();
        x[i] = keep;
        return (up - down) / (2 * h);
    }

    private static float[] gaussian(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** The exported pure-Java towers compute what the DJL graph computes (mean and attention pooling). */
    @Test
    void javaTowersMatchTheTrainingGraph() {
        for (String pooling : new String[] {"mean", "attention"}) {
            TrainingData data = ContractFixture.training(3);
            TwoTower cfg = TwoTowerContractTest.small(pooling).withEpochs(1)
                    .withItemInputs(List.of(ItemInput.of("blk", 2, blockVectors())));
            try (NDManager root = NDManager.newBaseManager()) {
                TwoTowerTrainer.Net net = new TwoTowerTrainer.Net(cfg, data, root, new SplittableRandom(9));
                TwoTowerModel model = net.export(Map.of());
                int[] users = {0, 17, 40};
                int width = 4;
                int[] hist = new int[users.length * width];
                java.util.Arrays.fill(hist, -1);
                for (int j = 0; j < users.length; j++) {
                    History h = data.train().history(users[j]);
                    for (int p = 0; p < Math.min(width, h.size()); p++) {
                        hist[j * width + p] = h.item(p);
                    }
                }
                float[] djlUsers;
                float[] djlItems;
                try (NDManager m = root.newSubManager()) {
                    djlUsers = net.userTower(m, users, null, hist, width).toFloatArray();
                    int[] items = {0, 7, 23};
                    djlItems = net.itemTower(m, items, new boolean[] {true, true, true}).toFloatArray();
                }
                net.weights.sparseTables().forEach(t -> t.discardPending());
                for (int j = 0; j < users.length; j++) {
                    int[] its = java.util.Arrays.stream(hist, j * width, (j + 1) * width).filter(i -> i >= 0).toArray();
                    float[] jv = model.userVector(new UserQuery(-1, History.ofItems(its), data.users().get(users[j])));
                    assertArrayEquals(java.util.Arrays.copyOfRange(djlUsers, j * cfg.dim(), (j + 1) * cfg.dim()), jv,
                            1e-5f, pooling + " user " + users[j]);
                }
                int[] items = {0, 7, 23};
                for (int k = 0; k < items.length; k++) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(djlItems, k * cfg.dim(), (k + 1) * cfg.dim()),
                            model.itemVector(items[k]), 1e-5f, pooling + " item " + items[k]);
                }
            }
        }
    }

    /**
     * A tower pass inside a batch's sub-manager leaves nothing behind in the fit's manager (attention
     * pooling's query reshape and the content prior's slice of the item tower's first layer once stayed
     * there every batch).
     */
    @Test
    void towerPassesLeaveNothingInTheFitsManager() {
        for (String pooling : new String[] {"mean", "attention"}) {
            TrainingData data = ContractFixture.training(3);
            TwoTower cfg = TwoTower.fromParams(Map.of("dim", "16", "emb", "16", "feat_dim", "4", "hidden", "32",
                    "pooling", pooling, "min_count", "1", "content_bias", "true", "content_bias_mlp", "true"))
                    .withItemInputs(List.of(ItemInput.of("blk", 2, blockVectors())));
            try (NDManager root = NDManager.newBaseManager()) {
                TwoTowerTrainer.Net net = new TwoTowerTrainer.Net(cfg, data, root, new SplittableRandom(9));
                int[] users = {0, 17, 40};
                int width = 4;
                int[] hist = new int[users.length * width];
                for (int j = 0; j < users.length; j++) {
                    History h = data.train().history(users[j]);
                    for (int p = 0; p < width; p++) {
                        hist[j * width + p] = p < h.size() ? h.item(p) : -1;
                    }
                }
                int before = root.getManagedArrays().size();
                for (int batch = 0; batch < 3; batch++) {
                    try (NDManager m = root.newSubManager()) {
                        net.userTower(m, users, null, hist, width);
                        net.itemTower(m, new int[] {0, 7, 23}, new boolean[] {true, true, true});
                    }
                    net.weights.sparseTables().forEach(t -> t.discardPending());
                }
                assertEquals(before, root.getManagedArrays().size(), pooling);
            }
        }
    }

    /** A 2-dim one-hot-ish content vector per item: its block's parity and half. */
    private static float[][] blockVectors() {
        float[][] v = new float[ContractFixture.NUM_ITEMS][];
        for (int i = 0; i < v.length; i++) {
            int b = ContractFixture.itemBlock(i);
            v[i] = new float[] {b % 2, b / 2};
        }
        return v;
    }

    /**
     * Learning test on the block fixture with a random 25% of each user's events held out as
     * validation: the training loss falls and the kept epoch's validation NDCG@10 is well above
     * most-popular's (which cannot tell the blocks apart).
     */
    @Test
    void lossFallsAndValidationBeatsPopularity() {
        Split split = RandomHoldout.split(ContractFixture.training(42).train(), 0.25, 42);
        TrainingData full = ContractFixture.training(42);
        TrainingData data = new TrainingData(split.train(), full.items(), full.users(), split.test());
        TwoTower.Fit fit = TwoTowerContractTest.small("attention").fitWithResult(data, ONE_THREAD, e -> { });
        TrainingResult r = fit.training();
        assertTrue(r.lastLoss() < 0.8 * r.firstLoss(), "loss " + r.firstLoss() + " -> " + r.lastLoss());
        double pop = ValidationSet.of(data, 1, 42).ndcg10(new Popularity().fit(data, FitContext.seeded(42)));
        double tt = ValidationSet.of(data, 1, 42).ndcg10(fit.model());
        assertEquals(r.bestNdcg(), tt, 1e-12, "the returned model is the best epoch's");
        assertTrue(tt > 0.5 && tt > 1.5 * pop, "twotower validation ndcg@10 " + tt + " vs most-popular " + pop);
    }

    /**
     * Cold start through the extension point: trained with a content input and heavy id dropout, a
     * brand-new item described only by its genre and content vector lands among its block's items
     * for a user of that block, and the model extended with it recommends it without retraining.
     * Errors name the input.
     */
    @Test
    void brandNewItemFromAttributesAndExtraInput() {
        TrainingData data = ContractFixture.training(42);
        TwoTower cfg = new TwoTower(16, 16, 4, 32, "mean", 0.1, true, 0.5, 0.2, 0.2, 10, 10, 1, 30, 32, 1e-2, 0, 0, List.of())
                .withItemInputs(List.of(ItemInput.of("blk", 2, blockVectors())));
        TwoTowerModel model = cfg.fit(data, ONE_THREAD);
        assertEquals(List.of("blk"), model.itemInputNames());
        assertArrayEquals(new int[] {2}, model.itemInputDims());
        int block = 2;
        ItemContent content = new ItemContent("new", "", Map.of("genre", List.of("g" + block)), Map.of(), null, null,
                ItemContent.UNKNOWN_TIME);
        float[] v = model.itemVector(content, Map.of("blk", new float[] {block % 2, block / 2}));
        assertEquals(model.dim(), v.length);
        List<float[]> added = new ArrayList<>();
        added.add(v);
        TwoTowerModel extended = model.withItems(added);
        assertEquals(ContractFixture.NUM_ITEMS + 1, extended.numItems());
        int newItem = ContractFixture.NUM_ITEMS;
        int aboveOtherBlocks = 0;
        int users = 0;
        for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
            if (ContractFixture.userBlock(u) != block) {
                continue;
            }
            float[] s = new float[extended.numItems()];
            extended.score(new UserQuery(u, data.train().history(u), data.users().get(u)), s);
            int better = 0;
            for (int i = 0; i < ContractFixture.NUM_ITEMS; i++) {
                if (ContractFixture.itemBlock(i) != block && s[i] >= s[newItem]) {
                    better++;
                }
            }
            users++;
            aboveOtherBlocks += better == 0 ? 1 : 0;
        }
        assertTrue(aboveOtherBlocks >= 0.75 * users, aboveOtherBlocks + " of " + users
                + " block users scored the new item above every other block's items");
        assertThrows(IllegalArgumentException.class, () -> model.itemVector(content, Map.of("blk", new float[3])));
        assertThrows(IllegalArgumentException.class, () -> model.itemVector(content, Map.of("text", new float[2])));
    }

    /** Unknown users known only by their attributes (no history) get their segment's block first. */
    @Test
    void unknownUsersScoreFromFeaturesAlone() {
        TwoTowerModel model = TwoTowerContractTest.small("mean").fit(ContractFixture.training(42), ONE_THREAD);
        float[] a = new float[model.numItems()];
        float[] b = new float[model.numItems()];
        model.score(new UserQuery(-1, History.empty(), new UserFeatures(Map.of("segment", "s1"), Map.of("age", 30.0))), a);
        model.score(new UserQuery(-1, History.empty(), new UserFeatures(Map.of("segment", "s3"), Map.of("age", 30.0))), b);
        assertEquals(1, ContractFixture.itemBlock(argmax(a)));
        assertEquals(3, ContractFixture.itemBlock(argmax(b)));
    }

    private static int argmax(float[] s) {
        int best = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Every value of the tuning space parses into a valid configuration. */
    @Test
    void searchSpaceValuesAreValid() {
        for (ai.affinity.tune.SearchSpace.Param param : TwoTower.SEARCH_SPACE.params()) {
            List<String> values = param instanceof ai.affinity.tune.SearchSpace.Choice c ? c.gridValues()
                    : ((ai.affinity.tune.SearchSpace.Range) param).gridValues();
            for (String v : values) {
                TwoTower.fromParams(Map.of(param.name(), v));
            }
        }
    }

    @Test
    void parametersParseAndRegister() {
        DeepModels.register();
        assertTrue(AlgorithmRegistry.names().contains("twotower"));
        assertTrue(ModelStore.kinds().contains("twotower"));
        TwoTower t = (TwoTower) AlgorithmRegistry.create("twotower:pooling=attention,logq=false,dim=32");
        assertEquals("attention", t.pooling());
        assertEquals(32, t.dim());
        assertEquals(false, t.logq());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TwoTower.fromParams(Map.of("pooling", "max")));
        assertTrue(e.getMessage().contains("pooling"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoTower.fromParams(Map.of("id_dropout", "1")));
        assertEquals("model 'twotower' parameter 'id_dropout' must be in [0, 1); got 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TwoTower.defaults().withItemInputs(
                List.of(ItemInput.of("x", 1, new float[0][]), ItemInput.of("x", 2, new float[0][]))));
    }
}
