package ai.affinity.model.ease;

import ai.affinity.testing.SharedData;
import ai.affinity.data.Dataset;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.Experiment;
import ai.affinity.eval.MetricSummary;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden accuracy on MovieLens 100K, per-user random 25% holdout, seed 42, full ranking. An
 * independent implementation reports NDCG@10 = 0.4745 with lambda = 500 on this protocol; its
 * random split is drawn by another generator, and across eight of our split seeds the same model
 * scores 0.4775..0.4892 (most-popular 0.2456..0.2604), so agreement is expected to within that
 * split-to-split spread, not to the fourth digit. Ours is 0.4795 on seed 42.
 */
class EaseMovieLensGoldenTest {
    @Test
    void ndcgMatchesIndependentImplementationAndTheTunedDefaultClearsTheFloor() throws Exception {
        Dataset data = SharedData.movieLens100k("the EASE golden accuracy test");
        Split split = RandomHoldout.split(data.interactions(), 0.25, 42);
        EvaluationResult r = Experiment.run(data, split, List.of(new Ease(500, true), new Ease()),
                new Evaluator.Options(new int[] {10}, 0, 2, 42, 200), null, Map.of(), Progress.silent());
        MetricSummary at500 = r.models().get(0).metrics().get("ndcg@10");
        MetricSummary tuned = r.models().get(1).metrics().get("ndcg@10");
        System.out.printf("ml-100k ease lambda=500 ndcg@10 = %.4f [%.4f, %.4f]; default lambda=%.0f ndcg@10 = %.4f%n",
                at500.mean(), at500.ciLow(), at500.ciHigh(), Ease.DEFAULT_LAMBDA, tuned.mean());
        assertEquals(943, r.models().get(0).users().length);
        assertEquals(0.4745, at500.mean(), 0.01, "lambda=500 against the independent implementation");
        assertEquals(0.4795, at500.mean(), 0.002, "lambda=500 regression band on our split");
        assertTrue(tuned.mean() >= 0.47, "tuned EASE ndcg@10 " + tuned.mean() + " is below the 0.47 floor");
    }
}
