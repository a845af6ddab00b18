package ai.affinity.deep.train;

import ai.affinity.data.Interactions;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Full-ranking NDCG@10 of a model on a {@link TrainingData}'s validation carve-out: every user with
 * validation events is queried with their training history (training items excluded from the
 * ranking), exactly as the {@link Evaluator} scores a test split. When more than {@link #MAX_USERS}
 * users have validation events, a fixed seeded sample of that many is used: this NDCG only steers early
 * stopping (which epoch to keep), and its standard error on 500 users is already well below the
 * epoch-to-epoch differences that matter, while ranking every user each time would dominate training.
 * Model selection (the tuner) still scores every validation user.
 */
public final class ValidationSet {
    /** Most validation users early stopping ranks. */
    public static final int MAX_USERS = 500;
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
        Split split = Split.of("validation", Map.of(), data.train(), sampleUsers(data.validation(), MAX_USERS, seed));
        // One bootstrap resample: the loop needs the mean only, not its confidence interval.
        return new ValidationSet(split, new Evaluator(new Evaluator.Options(new int[] {10}, 0, threads, seed, 1)));
    }

    /** {@code v} restricted to {@code max} of its users with events (seeded), or {@code v} when it has no more. */
    static Interactions sampleUsers(Interactions v, int max, long seed) {
        int[] active = new int[v.numUsers()];
        int n = 0;
        for (int u = 0; u < v.numUsers(); u++) {
            if (v.userCount(u) > 0) {
                active[n++] = u;
            }
        }
        if (n <= max) {
            return v;
        }
        // Partial Fisher-Yates: the first max entries are a uniform sample; then back to user order.
        SplittableRandom rng = new SplittableRandom(seed ^ 0x56414C4944415445L);
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(n - i);
            int t = active[i];
            active[i] = active[j];
            active[j] = t;
        }
        int[] chosen = Arrays.copyOf(active, max);
        Arrays.sort(chosen);
        Interactions.Builder b = v.derive();
        for (int u : chosen) {
            for (int p = v.start(u); p < v.end(u); p++) {
                b.add(u, v.item(p), v.value(p), v.timestamp(p));
            }
        }
        return b.build();
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
