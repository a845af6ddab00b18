package ai.affinity.eval;

import ai.affinity.testing.SharedData;
import ai.affinity.data.Dataset;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.baseline.RandomRecommender;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden accuracy band on real data: most-popular on MovieLens 100K, per-user random holdout of 25%,
 * seed 42, full ranking. An independent implementation reports NDCG@10 = 0.251 on this protocol.
 */
class MovieLens100kGoldenTest {
    @Test
    void popularityNdcgMatchesIndependentImplementation() throws Exception {
        Dataset data = SharedData.movieLens100k("the golden accuracy test");
        Split split = RandomHoldout.split(data.interactions(), 0.25, 42);
        EvaluationResult r = Experiment.run(data, split, List.of(new Popularity(), new RandomRecommender()),
                new Evaluator.Options(new int[] {5, 10, 20}, 0, 2, 42, 300), null, Map.of(), Progress.silent());
        MetricSummary ndcg = r.models().get(0).metrics().get("ndcg@10");
        System.out.printf("ml-100k pop ndcg@10 = %.4f [%.4f, %.4f], precision@10 = %.4f, recall@10 = %.4f, map@10 = %.4f%n",
                ndcg.mean(), ndcg.ciLow(), ndcg.ciHigh(), r.models().get(0).metrics().get("precision@10").mean(),
                r.models().get(0).metrics().get("recall@10").mean(), r.models().get(0).metrics().get("map@10").mean());
        assertEquals(943, r.models().get(0).users().length);
        assertEquals(0.251, ndcg.mean(), 0.015);
        assertTrue(ndcg.ciLow() < 0.251 && 0.251 < ndcg.ciHigh() + 0.01);
        assertTrue(r.models().get(1).metrics().get("ndcg@10").mean() < 0.05, "random is far below popularity");
    }
}
