package ai.affinity.deep.seq;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.deep.train.EpochStats;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.Recommender;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.util.Progress;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SASRec's loss arithmetic, parameters, batching, and that it learns a predictable next item. */
class SasRecTest {
    private static final int CYCLE = 30;

    @Test
    void bceAndSoftmaxLossesMatchHandComputedValues() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            // Two positions, the second without a target (masked): only the first counts.
            NDArray pos = m.create(new float[] {0f, 2f}, new Shape(1, 2));
            NDArray neg = m.create(new float[] {1f, -1f}, new Shape(1, 2, 1));
            NDArray mask = m.create(new float[] {1f, 0f}, new Shape(1, 2));
            // -log σ(0) - log(1 - σ(1)) = ln 2 + ln(1 + e)
            assertEquals(Math.log(2) + Math.log(1 + Math.E),
                    SasRecLoss.compute(pos, neg, mask, false, 1.0).getFloat(), 1e-5);
            // gBCE with beta 0.55: 0.55 ln 2 + ln(1 + e)
            assertEquals(0.55 * Math.log(2) + Math.log(1 + Math.E),
                    SasRecLoss.compute(pos, neg, mask, false, 0.55).getFloat(), 1e-5);
            // softmax over [0, 1]: -log(1 / (1 + e))
            assertEquals(Math.log(1 + Math.E), SasRecLoss.compute(pos, neg, mask, true, 1.0).getFloat(), 1e-5);
            // Large logits stay finite (softplus form): -log σ(-200) ≈ 200, -log(1 - σ(-300)) ≈ 0.
            NDArray big = m.create(new float[] {-200f, 200f}, new Shape(1, 2));
            assertEquals(200.0, SasRecLoss.compute(big, m.create(new float[] {-300f, 0f},
                    new Shape(1, 2, 1)), mask, false, 1.0).getFloat(), 1e-3);
        }
    }

    @Test
    void gbceExponentFollowsThePaper() {
        SasRec s = SasRec.fromParams(Map.of("loss", "gbce", "negatives", "10", "t", "0.5"));
        // alpha = 10 / 100 = 0.1; beta = 0.1 (0.5 (1 - 10) + 10) = 0.55
        assertEquals(0.55, s.positiveExponent(101), 1e-12);
        assertEquals(1.0, SasRec.fromParams(Map.of("loss", "gbce", "negatives", "10", "t", "0")).positiveExponent(101),
                1e-12);
        assertEquals(0.1, SasRec.fromParams(Map.of("loss", "gbce", "negatives", "10", "t", "1")).positiveExponent(101),
                1e-12);
        assertEquals(1.0, SasRec.defaults().positiveExponent(101));
    }

    @Test
    void parametersAreValidatedWithClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> SasRec.fromParams(Map.of("heads", "3")));
        assertThrows(IllegalArgumentException.class, () -> SasRec.fromParams(Map.of("loss", "mse")));
        assertThrows(IllegalArgumentException.class, () -> SasRec.fromParams(Map.of("dropout", "1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SasRec.fromParams(Map.of("dimm", "3")));
        assertTrue(e.getMessage().contains("dimm"), e.getMessage());
        assertEquals(SasRec.defaults(), SasRec.fromParams(Map.of()));
        assertEquals(64, SasRec.defaults().params().get("dim"));
    }

    /**
     * Regression (NaN loss at epoch 18 of {@code tune --data synthetic:tiny --model sasrec}): training
     * runs on one PyTorch intra-op thread whatever the context asks for, because with two the
     * native backward pass produced NaN losses or crashed (see {@link SasRecTrainer#intraOpThreads});
     * the old policy needs the opt-in property. Two fits asking for two threads give the same model.
     */
    @Test
    void trainsOnOneIntraOpThreadAndTwoThreadFitsAreReproducible() {
        FitContext two = new FitContext(7, 2, Progress.silent());
        assertEquals(1, SasRecTrainer.intraOpThreads(SasRec.defaults(), two));
        String old = System.getProperty(SasRecTrainer.PARALLEL_PROPERTY);
        System.setProperty(SasRecTrainer.PARALLEL_PROPERTY, "true");
        try {
            assertEquals(2, SasRecTrainer.intraOpThreads(SasRec.defaults(), two));
            assertEquals(1, SasRecTrainer.intraOpThreads(small(1), two));
        } finally {
            if (old == null) {
                System.clearProperty(SasRecTrainer.PARALLEL_PROPERTY);
            } else {
                System.setProperty(SasRecTrainer.PARALLEL_PROPERTY, old);
            }
        }
        TrainingData data = cyclic(7, 40);
        SasRecModel a = SasRecTrainer.fit(small(3), data, two);
        SasRecModel b = SasRecTrainer.fit(small(3), data, two);
        float[] sa = new float[a.numItems()];
        float[] sb = new float[b.numItems()];
        ai.affinity.model.UserQuery q = ai.affinity.model.UserQuery.anonymous(ai.affinity.data.History.ofItems(1, 2, 3));
        a.score(q, sa);
        b.score(q, sb);
        org.junit.jupiter.api.Assertions.assertArrayEquals(sa, sb);
    }

    /**
     * Same seed, same model, whenever the garbage collector runs (see
     * {@code TwoTowerTest.sameSeedGivesTheSameModelWhenTheCollectorRunsMidStep}): the loss's
     * {@code max(x, 0)} and the embedding and attention scales used DJL's number operands, whose
     * Java buffers the backward pass read after they could be freed.
     */
    @Test
    void sameSeedGivesTheSameModelWhenTheCollectorRunsMidStep() {
        TrainingData data = cyclic(7, 40);
        FitContext one = new FitContext(7, 1, Progress.silent());
        SasRecModel a = SasRecTrainer.fit(small(3), data, one);
        SasRecModel b = ai.affinity.deep.train.GcStress.during(() -> SasRecTrainer.fit(small(3), data, one));
        float[] sa = new float[a.numItems()];
        float[] sb = new float[b.numItems()];
        ai.affinity.model.UserQuery q = ai.affinity.model.UserQuery.anonymous(ai.affinity.data.History.ofItems(1, 2, 3));
        a.score(q, sa);
        b.score(q, sb);
        org.junit.jupiter.api.Assertions.assertArrayEquals(sa, sb);
    }

    @Test
    void registeredForTheCommandLineAndTuning() {
        ai.affinity.deep.DeepModels.register();
        assertEquals(SasRec.fromParams(Map.of("dim", "32")), ai.affinity.model.AlgorithmRegistry.create("sasrec:dim=32"));
        assertTrue(ai.affinity.model.AlgorithmRegistry.searchSpace("sasrec").gridSize() > 1);
        assertTrue(ai.affinity.model.io.ModelStore.kinds().contains("sasrec"));
    }

    @Test
    void itemsUnknownToTheModelAreSkippedAtQueryTime() {
        TrainingData data = cyclic(5, 60);
        SasRecModel m = SasRecTrainer.fit(small(2), data, new FitContext(7, 1, Progress.silent()));
        float[] a = new float[CYCLE];
        float[] b = new float[CYCLE];
        m.score(UserQuery.anonymous(History.ofItems(3, 4, 5)), a);
        m.score(UserQuery.anonymous(History.ofItems(3, CYCLE + 7, 4, 5)), b); // an item added after training
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }

    @Test
    void batchesAreRightAlignedNextItemPairsWithUnseenNegatives() {
        Interactions.Builder b = Interactions.builder().setDimensions(2, 10);
        int[] u0 = {3, 1, 4, 1 + 4, 9};
        for (int t = 0; t < u0.length; t++) {
            b.add(0, u0[t], 1, 100 + t);
        }
        b.add(1, 7, 1, 5); // one event: nothing to predict, left out
        SequenceBatcher batcher = new SequenceBatcher(b.build(), 3, 1);
        assertEquals(1, batcher.numSequences());
        List<SequenceBatcher.Batch> batches = batcher.epoch(8, new SplittableRandom(1));
        SequenceBatcher.Batch x = batches.get(0);
        assertEquals(3, x.width()); // newest 4 items -> 3 (input, target) pairs
        // inputs 4, 5 ... shifted by one: items [1, 4, 5] -> [2, 5, 6]; targets [4, 5, 9] -> [5, 6, 10]
        assertEquals(List.of(2, 5, 6), List.of(x.seq()[0], x.seq()[1], x.seq()[2]));
        assertEquals(List.of(5, 6, 10), List.of(x.pos()[0], x.pos()[1], x.pos()[2]));
        for (int n : x.neg()) {
            int item = n - 1;
            assertTrue(item != 3 && item != 1 && item != 4 && item != 5 && item != 9, "negative " + item + " was seen");
        }
    }

    @Test
    void everyEpochVisitsEveryUserOnceInLengthSortedBatches() {
        Interactions.Builder b = Interactions.builder().setDimensions(50, 40);
        SplittableRandom r = new SplittableRandom(2);
        for (int u = 0; u < 50; u++) {
            int n = 2 + r.nextInt(30);
            for (int t = 0; t < n; t++) {
                b.add(u, (u + t) % 40, 1, t);
            }
        }
        SequenceBatcher batcher = new SequenceBatcher(b.build(), 10, 4);
        List<SequenceBatcher.Batch> epoch = batcher.epoch(4, new SplittableRandom(3));
        int rows = 0;
        long padding = 0;
        for (SequenceBatcher.Batch x : epoch) {
            rows += x.rows();
            assertEquals(x.rows() * 4, x.neg().length); // 4 negatives per sequence
            padding += (long) x.rows() * x.width() - x.targets();
        }
        assertEquals(50, rows);
        // Length-sorted windows keep padding well below half of the cells.
        assertTrue(padding < 0.25 * rows * 10, "padding " + padding);
    }

    /** Users walk a cycle of items, i then i+1 (mod CYCLE), from random starts: the next item is certain. */
    static TrainingData cyclic(long seed, int users) {
        SplittableRandom r = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder().setDimensions(users, CYCLE);
        for (int u = 0; u < users; u++) {
            int start = r.nextInt(CYCLE);
            int len = 6 + r.nextInt(10);
            for (int t = 0; t < len; t++) {
                b.add(u, (start + t) % CYCLE, 1, 1000 + t);
            }
        }
        return TrainingData.of(b.build());
    }

    static SasRec small(int epochs) {
        return new SasRec(16, 1, 1, 20, 0.1, "relu", "bce", 1, 0.75, epochs, 0.01, 32, 0);
    }

    @Test
    void lossFallsAndTheNextItemOfACycleIsLearnedBetterThanPopularity() {
        TrainingData data = cyclic(3, 150);
        List<Double> losses = new ArrayList<>();
        SasRecModel model = SasRecTrainer.fit(small(40), data, new FitContext(7, 1, Progress.silent()),
                (EpochStats e) -> losses.add(e.meanLoss())).model();
        assertTrue(losses.get(losses.size() - 1) < 0.5 * losses.get(0), "loss did not fall: " + losses);
        Model pop = new Popularity().fit(data, FitContext.seeded(7));
        SplittableRandom r = new SplittableRandom(11);
        int sasHits = 0;
        int popHits = 0;
        int queries = 60;
        for (int q = 0; q < queries; q++) {
            int start = r.nextInt(CYCLE);
            int len = 3 + r.nextInt(8);
            int[] items = new int[len];
            for (int t = 0; t < len; t++) {
                items[t] = (start + t) % CYCLE;
            }
            int next = (start + len) % CYCLE;
            UserQuery query = UserQuery.anonymous(History.ofItems(items));
            sasHits += new Recommender(model).recommend(query, 1, true, null)[0] == next ? 1 : 0;
            popHits += new Recommender(pop).recommend(query, 1, true, null)[0] == next ? 1 : 0;
        }
        assertTrue(sasHits >= 0.9 * queries, "sasrec hit@1 " + sasHits + "/" + queries);
        assertTrue(sasHits > popHits + queries / 2, "sasrec " + sasHits + " vs popularity " + popHits);
    }

    @Test
    void gbceAndSampledSoftmaxWithSharedNegativesAlsoLearnTheCycle() {
        TrainingData data = cyclic(6, 150);
        for (String loss : new String[] {"gbce", "softmax"}) {
            SasRec cfg = new SasRec(16, 1, 2, 20, 0.1, "gelu", loss, 8, 0.75, 30, 0.01, 32, 0);
            SasRecModel model = SasRecTrainer.fit(cfg, data, new FitContext(7, 1, Progress.silent()));
            Recommender rec = new Recommender(model);
            int hits = 0;
            for (int start = 0; start < CYCLE; start++) {
                int[] items = {start, (start + 1) % CYCLE, (start + 2) % CYCLE, (start + 3) % CYCLE};
                hits += rec.recommend(UserQuery.anonymous(History.ofItems(items)), 1, true, null)[0]
                        == (start + 4) % CYCLE ? 1 : 0;
            }
            // Chance is 1/CYCLE. These losses are still weak on this toy (22-30 hits seen): the
            // exact count moves with PyTorch's process-wide thread setting left by earlier tests,
            // so the bar is "far above chance", not a fixed high score.
            assertTrue(hits >= 0.5 * CYCLE, loss + ": hit@1 " + hits + "/" + CYCLE);
        }
    }

    @Test
    void newEventsChangeRecommendationsWithoutRetraining() {
        TrainingData data = cyclic(4, 150);
        SasRecModel model = SasRecTrainer.fit(small(30), data, new FitContext(7, 1, Progress.silent()));
        Recommender rec = new Recommender(model);
        History h = History.ofItems(3, 4, 5);
        assertEquals(6, rec.recommend(UserQuery.anonymous(h), 1, true, null)[0]);
        History later = History.ofItems(3, 4, 5, 20, 21, 22);
        assertEquals(23, rec.recommend(UserQuery.anonymous(later), 1, true, null)[0]);
    }
}
