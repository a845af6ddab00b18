package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Leave-last-out ("leave-last-out"): for every user with more than {@code n} events, their last
 * {@code n} events by time go to test (ties broken by the {@link Interactions} row order, which is
 * (timestamp, item)); everything else goes to train. Users with at most {@code n} events stay
 * entirely in train. The seed is unused.
 *
 * @param n events left out per user, at least 1
 */
public record LeaveLastOut(int n) implements SplitProtocol {
    public static final String NAME = "leave-last-out";

    public LeaveLastOut {
        if (n < 1) {
            throw new IllegalArgumentException("leave-out count must be at least 1, got " + n);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("leave_out", n);
    }

    @Override
    public Split split(Interactions x, long seed) {
        Interactions.Builder train = x.derive();
        Interactions.Builder test = x.derive();
        for (int u = 0; u < x.numUsers(); u++) {
            int s = x.start(u);
            int e = x.end(u);
            int firstTest = e - s > n ? e - n : e;
            for (int p = s; p < e; p++) {
                SplitSupport.copy(p >= firstTest ? test : train, x, u, p);
            }
        }
        Interactions tr = train.build();
        Interactions te = test.build();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("leave_out", n);
        params.put("seed", seed);
        SplitSupport.putSizes(params, tr, te);
        return Split.of(NAME, params, tr, te);
    }
}
