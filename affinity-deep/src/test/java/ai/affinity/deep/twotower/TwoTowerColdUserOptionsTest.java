package ai.affinity.deep.twotower;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.UserFeatures;
import ai.affinity.deep.DeepModels;
import ai.affinity.deep.train.ValidationSet;
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

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cold-user options of {@link TwoTower}: {@code prefix_history}, {@code segment_bias}, {@code full_softmax}. */
class TwoTowerColdUserOptionsTest {
    private static final FitContext ONE_THREAD = new FitContext(42, 1, Progress.silent());

    /**
     * Prefix histories are a user's first distinct items in time order, the target left out: user 0 rated
     * items 3, 0, 2, 1 at times 1, 2, 3, 4 (Interactions keep them in that order, not item order), so its
     * time order is (3, 0, 2, 1); the first 2 other than target 0 are (3, 2), the first 10 other than 1 are
     * (3, 0, 2), and a length drawn from a seeded generator is {@code floor(51^x)}, the short-history law.
     */
    @Test
    void prefixHistoryTakesTheFirstEventsInTimeOrder() {
        Interactions.Builder b = Interactions.builder();
        b.setDimensions(2, 4);
        b.add(0, 1, 1f, 4);
        b.add(0, 2, 1f, 3);
        b.add(0, 3, 1f, 1);
        b.add(0, 0, 1f, 2);
        b.add(1, 2, 1f, 5);
        Interactions x = b.build();
        TwoTower cfg = TwoTower.fromParams(Map.of("prefix_history", "0.5", "dim", "4", "emb", "4", "hidden", "4"));
        try (NDManager m = NDManager.newBaseManager()) {
            TwoTowerTrainer.Net net = new TwoTowerTrainer.Net(cfg, TrainingData.of(x), m, new SplittableRandom(1));
            TwoTowerTrainer.Source source = new TwoTowerTrainer.Source(net, x);
            assertArrayEquals(new int[] {3, 0, 2, 1}, source.timeOrdered(0));
            assertArrayEquals(new int[] {2}, source.timeOrdered(1));
        }
        assertArrayEquals(new int[] {5, 2, 9, 7},
                TwoTowerTrainer.Source.firstOccurrences(new int[] {5, 2, 9, 2, 7}, new boolean[10]));
        int[] out = new int[5];
        Arrays.fill(out, -1);
        TwoTowerTrainer.Source.prefix(new int[] {3, 0, 2, 1}, 0, 2, out, 1);
        assertArrayEquals(new int[] {-1, 3, 2, -1, -1}, out);
        Arrays.fill(out, -1);
        TwoTowerTrainer.Source.prefix(new int[] {3, 0, 2, 1}, 1, 10, out, 0);
        assertArrayEquals(new int[] {3, 0, 2, -1, -1}, out);
        double u = new SplittableRandom(7).nextDouble();
        assertEquals((int) Math.max(1, Math.min(50, Math.floor(Math.pow(51, u)))),
                TwoTowerTrainer.Source.shortLength(50, u));
        assertEquals(0.5, cfg.prefixHistory());
        assertThrows(IllegalArgumentException.class, () -> TwoTower.fromParams(Map.of("prefix_history", "1")));
    }

    /**
     * Hand-computed with per-(example, item) biases: users u0 = (1, 0), u1 = (0, 1), items v0 = (1, 0),
     * v1 = (0, 1), τ = 0.5, labels (0, 1), no logQ, a = [[0, 1], [0.5, 0]]. Example 0: logits (2, 1),
     * loss ln(1 + e^{−1}) = 0.313262; example 1: logits (0.5, 2), loss ln(1 + e^{−1.5}) = 0.201413; mean
     * 0.257337. The double reference agrees.
     */
    @Test
    void pairBiasLossByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray v = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray a = m.create(new float[] {0, 1, 0.5f, 0}, new Shape(2, 2));
            assertEquals(0.257337, InBatchSoftmax.loss(u, v, null, a, null, new int[] {0, 1}, 0.5f).getFloat(), 1e-5);
        }
        assertEquals(0.257337, InBatchSoftmax.reference(new double[] {1, 0, 0, 1}, new double[] {1, 0, 0, 1}, 2, null,
                new double[] {0, 1, 0.5, 0}, null, new int[] {0, 1}, 0.5), 1e-5);
    }

    /** d loss / d a (and d / d item bias) from autograd equal central finite differences of the double reference. */
    @Test
    void pairBiasGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        int b = 3;
        int c = 4;
        int d = 2;
        float[] uf = gaussian(rng, b * d);
        float[] vf = gaussian(rng, c * d);
        float[] bf = gaussian(rng, c);
        float[] af = gaussian(rng, b * c);
        float[] logq = {-1.2f, -0.3f, -2.5f, -0.9f};
        int[] labels = {0, 3, 1};
        float tau = 0.7f;
        float[] ga;
        float[] gb;
        float loss;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = m.create(uf, new Shape(b, d));
            NDArray v = m.create(vf, new Shape(c, d));
            NDArray bias = m.create(bf, new Shape(c, 1));
            NDArray a = m.create(af, new Shape(b, c));
            a.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = InBatchSoftmax.loss(u, v, bias, a, logq, labels, tau);
                loss = l.getFloat();
                gc.backward(l);
            }
            ga = a.getGradient().toFloatArray();
            gb = bias.getGradient().toFloatArray();
        }
        double[] ud = toDouble(uf);
        double[] vd = toDouble(vf);
        double[] bd = toDouble(bf);
        double[] ad = toDouble(af);
        double[] lq = toDouble(logq);
        assertEquals(InBatchSoftmax.reference(ud, vd, d, bd, ad, lq, labels, tau), loss, 1e-5);
        double h = 1e-4;
        for (int i = 0; i < ad.length; i++) {
            assertEquals(central(ad, i, h, () -> InBatchSoftmax.reference(ud, vd, d, bd, ad, lq, labels, tau)), ga[i],
                    1e-4, "d loss / d a[" + i + "]");
        }
        for (int i = 0; i < bd.length; i++) {
            assertEquals(central(bd, i, h, () -> InBatchSoftmax.reference(ud, vd, d, bd, ad, lq, labels, tau)), gb[i],
                    1e-4, "d loss / d b[" + i + "]");
        }
    }

    /**
     * With {@code segment_bias} the score is ⟨u, v_i⟩ + τ·b_i + τ·Σ_f S[a_f(u), i]: it is trained (not all 0),
     * differs between segments, survives save/load (payload 4), reads 0 for added items, and a field the
     * users lack is an error naming it.
     */
    @Test
    void segmentBiasIsScoredSavedAndZeroForNewItems() throws Exception {
        DeepModels.register();
        TrainingData data = ContractFixture.training(42);
        TwoTower cfg = TwoTowerItemBiasContractTest.withBias();
        TwoTower seg = new TwoTower(cfg.dim(), cfg.emb(), cfg.featDim(), cfg.hidden(), cfg.pooling(), cfg.temperature(),
                cfg.logq(), cfg.idDropout(), cfg.historyDropout(), cfg.featureDropout(), cfg.maxHistory(), cfg.band(),
                cfg.minCount(), 10, cfg.batchSize(), cfg.lr(), cfg.weightDecay(), cfg.patience(), List.of(), true, 0.5,
                true, false, false, 0.3, "segment", false);
        TwoTowerModel model = seg.fit(data, ONE_THREAD);
        assertTrue(model.hasSegmentBias());
        assertEquals(4, model.payloadVersion());
        UserFeatures s1 = new UserFeatures(Map.of("segment", "s1"), Map.of("age", 30.0));
        UserFeatures s3 = new UserFeatures(Map.of("segment", "s3"), Map.of("age", 30.0));
        UserQuery q = new UserQuery(-1, History.empty(), s1);
        float[] scores = new float[model.numItems()];
        model.score(q, scores);
        float[] u = model.userVector(q);
        boolean differs = false;
        for (int i = 0; i < model.numItems(); i++) {
            float[] v = model.itemVector(i);
            double dot = 0;
            for (int j = 0; j < u.length; j++) {
                dot += u[j] * v[j];
            }
            assertEquals(dot + model.itemBias(i) + model.segmentBias(i, s1), scores[i], 1e-5, "score of item " + i);
            differs |= Math.abs(model.segmentBias(i, s1) - model.segmentBias(i, s3)) > 1e-4;
        }
        assertTrue(differs, "segments s1 and s3 got different segment biases");
        TwoTowerModel back = (TwoTowerModel) ModelStore.fromBytes(ModelStore.toBytes(model));
        float[] again = new float[back.numItems()];
        back.score(q, again);
        assertArrayEquals(scores, again, 0f);
        TwoTowerModel grown = model.withItems(List.of(model.itemVector(2)));
        assertEquals(0f, grown.segmentBias(model.numItems(), s1));
        assertEquals(model.segmentBias(2, s1), grown.segmentBias(2, s1));
        assertEquals(1, grown.numItems() - model.numItems());
        assertEquals("all", TwoTower.fromParams(Map.of("segment_bias", "all")).segmentBias());
        TwoTower bad = TwoTower.fromParams(Map.of("segment_bias", "segment+zip", "epochs", "1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.fit(data, ONE_THREAD));
        assertTrue(e.getMessage().contains("'zip'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TwoTower.fromParams(Map.of("segment_bias", "a++b")));
    }

    /** The full softmax (no logQ) with prefix histories and segment biases still learns the fixture's blocks. */
    @Test
    void fullSoftmaxWithPrefixHistoriesLearnsTheBlocks() {
        TrainingData full = ContractFixture.training(42);
        Split split = RandomHoldout.split(full.train(), 0.25, 42);
        TrainingData tv = new TrainingData(split.train(), full.items(), full.users(), split.test());
        TwoTower cfg = TwoTowerItemBiasContractTest.withBias();
        TwoTower fs = new TwoTower(cfg.dim(), cfg.emb(), cfg.featDim(), cfg.hidden(), cfg.pooling(), cfg.temperature(),
                cfg.logq(), cfg.idDropout(), cfg.historyDropout(), cfg.featureDropout(), cfg.maxHistory(), cfg.band(),
                cfg.minCount(), cfg.epochs(), cfg.batchSize(), cfg.lr(), cfg.weightDecay(), cfg.patience(), List.of(),
                true, 0.5, true, false, false, 0.3, "all", true);
        double pop = ValidationSet.of(tv, 1, 42).ndcg10(new Popularity().fit(tv, FitContext.seeded(42)));
        double tt = ValidationSet.of(tv, 1, 42).ndcg10(fs.fit(tv, ONE_THREAD));
        assertTrue(tt > 1.5 * pop, "full softmax: validation ndcg@10 " + tt + " vs most-popular " + pop);
    }

    private static float[] gaussian(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
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

    private static double central(double[] x, int i, double h, java.util.function.DoubleSupplier f) {
        double keep = x[i];
        x[i] = keep + h;
        double up = f.getAsDouble();
        x[i] = keep - h;
        double down = f.getAsDouble();
        x[i] = keep;
        return (up - down) / (2 * h);
    }
}
