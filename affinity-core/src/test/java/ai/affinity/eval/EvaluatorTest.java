package ai.affinity.eval;

import ai.affinity.data.Interactions;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.baseline.RandomRecommender;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {
    /**
     * train: u0 {0,1}, u1 {0,2}, u2 {0}; test: u0 {2}, u1 {1,3}, u2 {4}.
     * Popularity scores [3,1,1,0,0]; after excluding each user's training items the lists are
     * u0 [2,3,4], u1 [1,3,4], u2 [1,2,3,4] (ties by lower index).
     */
    private static Split handSplit() {
        Interactions.Builder train = Interactions.builder().setDimensions(3, 5);
        train.add(0, 0, 1, 1);
        train.add(0, 1, 1, 2);
        train.add(1, 0, 1, 1);
        train.add(1, 2, 1, 2);
        train.add(2, 0, 1, 1);
        Interactions.Builder test = Interactions.builder().setDimensions(3, 5);
        test.add(0, 2, 1, 3);
        test.add(1, 1, 1, 3);
        test.add(1, 3, 1, 4);
        test.add(2, 4, 1, 3);
        return Split.of("hand", Map.of(), train.build(), test.build());
    }

    @Test
    void popularityMetricsMatchHandComputedValues() {
        Split split = handSplit();
        Model pop = new Popularity().fit(TrainingData.of(split.train()), FitContext.seeded(1));
        Evaluator ev = new Evaluator(new Evaluator.Options(new int[] {2, 5}, 0, 2, 7, 200));
        ModelResult r = ev.evaluate("pop", Map.of(), 0, pop, split, null, null, Progress.silent());
        assertArrayEquals(new int[] {0, 1, 2}, r.users());
        // ndcg@2: u0 hit at rank 1 -> 1; u1 hits at ranks 1,2 -> 1; u2 no hit -> 0
        assertEquals(2.0 / 3, r.metrics().get("ndcg@2").mean(), 1e-12);
        // ndcg@5: u2's item 4 is at rank 4 -> (1/log2 5) / 1
        double u2 = 1 / (Math.log(5) / Math.log(2));
        assertEquals((1 + 1 + u2) / 3, r.metrics().get("ndcg@5").mean(), 1e-12);
        assertEquals((0.5 + 1 + 0) / 3, r.metrics().get("precision@2").mean(), 1e-12);
        assertEquals((1 + 1 + 0.25) / 3, r.metrics().get("mrr@5").mean(), 1e-12);
        assertEquals((1 + 1 + 0.25) / 3, r.metrics().get("map@5").mean(), 1e-12);
        assertEquals(2.0 / 3, r.metrics().get("hit@2").mean(), 1e-12);
        assertEquals((1 + 1 + 0) / 3.0, r.metrics().get("recall@2").mean(), 1e-12);
        // top-2 lists {2,3}, {1,3}, {1,2}: three distinct of five items
        assertEquals(0.6, r.metrics().get("coverage@2").mean(), 1e-12);
        assertFalse(r.metrics().get("coverage@2").hasCi());
        MetricSummary ndcg = r.metrics().get("ndcg@5");
        assertTrue(ndcg.ciLow() <= ndcg.mean() && ndcg.mean() <= ndcg.ciHigh());
        assertFalse(r.metrics().containsKey("diversity@5"), "no item attributes, no diversity");
    }

    private static Split randomSplit(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder().setDimensions(400, 120);
        for (int u = 0; u < 400; u++) {
            int n = 5 + rng.nextInt(20);
            for (int j = 0; j < n; j++) {
                // skewed item choice so popularity has signal
                int item = (int) (120 * Math.pow(rng.nextDouble(), 2.5));
                b.add(u, item, 1, rng.nextInt(1000));
            }
        }
        return RandomHoldout.split(b.build(), 0.25, seed);
    }

    @Test
    void sameSeedSameNumbersAndThreadCountDoesNotMatter() {
        Split split = randomSplit(3);
        Model pop = new Popularity().fit(TrainingData.of(split.train()), FitContext.seeded(1));
        ModelResult one = new Evaluator(new Evaluator.Options(new int[] {5, 10}, 0, 1, 9, 0))
                .evaluate("pop", Map.of(), 0, pop, split, null, null, Progress.silent());
        ModelResult two = new Evaluator(new Evaluator.Options(new int[] {5, 10}, 0, 2, 9, 0))
                .evaluate("pop", Map.of(), 0, pop, split, null, null, Progress.silent());
        assertEquals(one.metrics(), two.metrics());
        assertArrayEquals(one.perUser().get("ndcg@10"), two.perUser().get("ndcg@10"));
    }

    @Test
    void popularityBeatsRandomWithSignificance() {
        Split split = randomSplit(5);
        Evaluator.Options opts = new Evaluator.Options(new int[] {10}, 0, 2, 1, 0);
        ai.affinity.data.Dataset data = new ai.affinity.data.Dataset("test",
                ai.affinity.data.IdMap.ofRange(400, "u"), ai.affinity.data.IdMap.ofRange(120, "i"),
                split.train(), new ai.affinity.data.ItemCatalog(), new ai.affinity.data.UserCatalog(),
                new ai.affinity.data.LoadReport(), Map.of());
        EvaluationResult r = Experiment.run(data, split, List.of(new Popularity(), new RandomRecommender()), opts,
                null, Map.of(), Progress.silent());
        assertEquals("pop", r.comparisons().get(0).baseline());
        Comparison ndcg = r.comparisons().stream().filter(c -> c.metric().equals("ndcg@10")).findFirst().orElseThrow();
        assertTrue(ndcg.meanDifference() < 0, "random is worse than popularity");
        assertTrue(ndcg.pValue() < 0.001, "p=" + ndcg.pValue());
        assertEquals("full", r.protocol().get("ranking"));
    }

    @Test
    void sampledRankingUsesTestItemsPlusNegatives() {
        Split split = randomSplit(11);
        Model pop = new Popularity().fit(TrainingData.of(split.train()), FitContext.seeded(1));
        ModelResult full = new Evaluator(new Evaluator.Options(new int[] {10}, 0, 1, 9, 100))
                .evaluate("pop", Map.of(), 0, pop, split, null, null, Progress.silent());
        ModelResult sampled = new Evaluator(new Evaluator.Options(new int[] {10}, 20, 1, 9, 100))
                .evaluate("pop", Map.of(), 0, pop, split, null, null, Progress.silent());
        // Fewer competitors can only move relevant items up: sampled recall is at least full recall.
        double[] f = full.perUser().get("recall@10");
        double[] s = sampled.perUser().get("recall@10");
        for (int i = 0; i < f.length; i++) {
            assertTrue(s[i] >= f[i] - 1e-12, "user " + i);
        }
        assertTrue(sampled.metrics().get("recall@10").mean() > full.metrics().get("recall@10").mean());
    }

    @Test
    void candidatesRestrictRankingAndRelevance() {
        Split base = handSplit();
        // Only items 3 and 4 are candidates (as in a cold-item split).
        Split split = new Split("cold", Map.of(), base.train(), base.test(), base.train(), new int[] {3, 4});
        Model pop = new Popularity().fit(TrainingData.of(split.train()), FitContext.seeded(1));
        ModelResult r = new Evaluator(new Evaluator.Options(new int[] {1}, 0, 1, 1, 100))
                .evaluate("pop", Map.of(), 0, pop, split, null, null, Progress.silent());
        // u0 has no relevant candidate -> zeros; u1: list [3] hits 3; u2: list [3] misses 4.
        assertEquals(1.0 / 3, r.metrics().get("hit@1").mean(), 1e-12);
        assertEquals(0.5, r.metrics().get("coverage@1").mean(), 1e-12, "only item 3 of the two candidates is shown");
    }
}
