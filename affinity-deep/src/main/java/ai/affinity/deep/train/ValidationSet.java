package ai.affinity.deep.train;

import ai.affinity.eval.Evaluator;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;

import java.util.Map;

/**
 * Full-ranking NDCG@10 of a model on a {@link TrainingData}'s validation carve-out: every user with
 * validation events is queried with their training history (training items excluded from the
 * ranking), exactly as the {@link Evaluator} scores a test split.
 */
public final class ValidationSet {
    private final Split split;
    private final Evaluator evaluator;

    private ValidationSet(Split split, Evaluator evaluator) {
        this.split = split;
        this.evaluator = evaluator;
    }

    /** The data's validation set, or null when it has none (or it holds no events). */
    public static ValidationSet of(TrainingData data, int threads, long seed) {
        if (data.validation() == null || data.validation().numEvents() == 0) {
            return null;
        }
        Split split = Split.of("validation", Map.of(), data.train(), data.validation());
        // One bootstrap resample: the loop needs the mean only, not its confidence interval.
        return new ValidationSet(split, new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, seed, 1)));
    }

    public Split split() {
        return split;
    }

    /** Mean NDCG@10 of {@code model} over the validation users. */
    public double ndcg10(Model model) {
        ModelResult r = evaluator.evaluate("validation", Map.of(), 0, model, split, null, null, Progress.silent());
        MetricSummary s = r.metrics().get("ndcg@10");
        return s.mean();
    }
}
