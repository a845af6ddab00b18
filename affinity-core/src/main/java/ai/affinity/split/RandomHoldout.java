package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Per-user random holdout ("random"): every user with {@code n >= 2} events has
 * {@code round(n * testFraction)}, clamped to {@code [1, n-1]}, of their events drawn uniformly
 * at random into test; the rest, and every user with a single event, stay in train. Each user's draw
 * comes from a generator seeded by (seed, user), so it does not depend on the other users.
 *
 * @param testFraction share of each user's events held out, in (0, 1)
 */
public record RandomHoldout(double testFraction) implements SplitProtocol {
    public static final String NAME = "random";

    public RandomHoldout {
        SplitSupport.checkFraction("test fraction", testFraction);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("test_fraction", testFraction);
    }

    @Override
    public Split split(Interactions events, long seed) {
        return split(events, testFraction, seed);
    }

    /** The random holdout of {@code fraction} of each user's events in {@code x}, for any matrix. */
    public static Split split(Interactions x, double fraction, long seed) {
        SplitSupport.checkFraction("test fraction", fraction);
        Interactions[] parts = holdout(x, fraction, seed, SplitSupport.SALT_RANDOM);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("test_fraction", fraction);
        params.put("seed", seed);
        SplitSupport.putSizes(params, parts[0], parts[1]);
        return Split.of(NAME, params, parts[0], parts[1]);
    }

    /** {train, test}: the per-user holdout drawn from the stream named by {@code salt}. */
    static Interactions[] holdout(Interactions x, double fraction, long seed, long salt) {
        Interactions.Builder train = x.derive();
        Interactions.Builder test = x.derive();
        int maxRow = 0;
        for (int u = 0; u < x.numUsers(); u++) {
            maxRow = Math.max(maxRow, x.userCount(u));
        }
        int[] perm = new int[maxRow];
        boolean[] held = new boolean[maxRow];
        for (int u = 0; u < x.numUsers(); u++) {
            int s = x.start(u);
            int n = x.userCount(u);
            if (n >= 2) {
                int k = SplitSupport.share(n, fraction, 1, n - 1);
                // Partial Fisher-Yates: the first k slots of the permutation are a uniform k-subset.
                SplittableRandom rng = SplitSupport.rng(seed, salt, u);
                for (int j = 0; j < n; j++) {
                    perm[j] = j;
                    held[j] = false;
                }
                for (int j = 0; j < k; j++) {
                    int r = j + rng.nextInt(n - j);
                    int t = perm[j];
                    perm[j] = perm[r];
                    perm[r] = t;
                    held[perm[j]] = true;
                }
            } else if (n == 1) {
                held[0] = false;
            }
            for (int j = 0; j < n; j++) {
                SplitSupport.copy(held[j] ? test : train, x, u, s + j);
            }
        }
        return new Interactions[] {train.build(), test.build()};
    }
}
