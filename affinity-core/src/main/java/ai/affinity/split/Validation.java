package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validation carve-out for tuning: holds out part of a split's training set so that
 * hyperparameters are chosen without touching the real test set.
 */
public final class Validation {
    private Validation() {
    }

    /**
     * A new split whose train is {@code split.train()} minus a per-user random holdout of
     * {@code fraction} of each training user's events (same rule as {@link RandomHoldout}: users with
     * {@code n >= 2} training events lose {@code round(n * fraction)} clamped to {@code [1, n-1]}),
     * and whose test is that holdout. Its protocol is {@code "validation:" + split.protocol()}, its
     * query history is its own train, and every item is a candidate. The original test set and
     * query history are not used. The draw is independent of {@link RandomHoldout}'s for the same seed.
     *
     * @param fraction share of each user's training events held out, in (0, 1)
     */
    public static Split carve(Split split, double fraction, long seed) {
        SplitSupport.checkFraction("validation fraction", fraction);
        Interactions[] parts = RandomHoldout.holdout(split.train(), fraction, seed, SplitSupport.SALT_VALIDATION);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("source_protocol", split.protocol());
        for (Map.Entry<String, Object> en : split.params().entrySet()) {
            params.put("source_" + en.getKey(), en.getValue());
        }
        params.put("validation_fraction", fraction);
        params.put("seed", seed);
        SplitSupport.putSizes(params, parts[0], parts[1]);
        return Split.of("validation:" + split.protocol(), params, parts[0], parts[1]);
    }
}
