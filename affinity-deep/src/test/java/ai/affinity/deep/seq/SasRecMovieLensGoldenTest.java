package ai.affinity.deep.seq;

import ai.affinity.testing.SharedData;
import ai.affinity.data.Dataset;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.ease.Ease;
import ai.affinity.split.LeaveLastOut;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden accuracy on MovieLens 100K, leave-last-out (each user's newest event), full ranking,
 * NDCG@10. A short run (max_len 100, 20 epochs at lr 0.003 instead of 200, 200 and 0.001) so the
 * test stays well under a minute on one thread; even so it beats EASE. The full run (defaults)
 * reaches 0.0899 against iALS 0.0451 and EASE 0.0409: see
 * {@code affinity-bench/results/sasrec-ml-100k-leave-last-out.json}. Skipped without the data.
 */
class SasRecMovieLensGoldenTest {
    /** The short run: d=64, 2 blocks, 1 head, dropout 0.2, max_len 100, 20 epochs at lr 0.003. */
    static final SasRec SHORT = new SasRec(64, 2, 1, 100, 0.2, "relu", "bce", 1, 0.75, 20, 0.003, 128, 0);

    @Test
    void shortRunClearsTheBandAndBeatsPopularity() throws Exception {
        Dataset data = SharedData.movieLens100k("the SASRec golden accuracy test");
        Split split = new LeaveLastOut(1).split(data.interactions(), 42);
        Evaluator evaluator = new Evaluator(new Evaluator.Options(new int[] {10}, 0, 2, 42, 200));
        TrainingData training = new TrainingData(split.train(), data.items(), data.users(), null);
        FitContext ctx = new FitContext(42, 1, Progress.silent());
        long t0 = System.nanoTime();
        Model sas = SHORT.fit(training, ctx);
        double fit = (System.nanoTime() - t0) / 1e9;
        MetricSummary s = ndcg(evaluator, "sasrec", sas, split, data);
        MetricSummary p = ndcg(evaluator, "pop", new Popularity().fit(training, ctx), split, data);
        MetricSummary e = ndcg(evaluator, "ease", new Ease().fit(training, ctx), split, data);
        System.out.printf("ml-100k leave-last-out sasrec(short) ndcg@10 = %.4f [%.4f, %.4f] (fit %.1f s); pop %.4f;"
                + " ease %.4f%n", s.mean(), s.ciLow(), s.ciHigh(), fit, p.mean(), e.mean());
        assertTrue(s.mean() > p.mean() + 0.015, "sasrec " + s.mean() + " does not beat popularity " + p.mean());
        assertTrue(s.mean() > e.mean(), "sasrec " + s.mean() + " does not beat EASE " + e.mean());
        assertEquals(GOLDEN, s.mean(), 0.008, "regression band of the short run");
    }

    /**
     * What the short run reached on seed 42, one thread (0.0503 [0.0417, 0.0605]; popularity 0.0253,
     * EASE 0.0409, iALS 0.0451 on this split). The band is under the bootstrap interval's half-width:
     * other thread counts or CPUs change float rounding, not the level.
     */
    static final double GOLDEN = 0.0503;

    private static MetricSummary ndcg(Evaluator evaluator, String name, Model m, Split split, Dataset data) {
        ModelResult r = evaluator.evaluate(name, Map.of(), 0, m, split, data.items(), data.users(), Progress.silent());
        return r.metrics().get("ndcg@10");
    }
}
