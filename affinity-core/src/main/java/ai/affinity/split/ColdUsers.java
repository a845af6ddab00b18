package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cold-user split ("cold-users"). Eligible users have more than {@code revealed} events (so at
 * least one is left to test) and, when {@code maxEvents > 0}, at most {@code maxEvents} events
 * (to study users with short histories). {@code round(E * coldFraction)}, clamped to
 * {@code [1, E]}, of the {@code E} eligible users are drawn at random as cold (by hash of (seed,
 * user), independent of iteration order).
 *
 * <p>A cold user has no event in train: their first {@code revealed} events by time (row order)
 * form their {@link Split#queryHistory()}, the rest go to test. Every other user's events all go to
 * train, and their query history equals their training events, so the evaluator can always read
 * the query history.
 *
 * @param coldFraction share of eligible users made cold, in (0, 1)
 * @param revealed     events of each cold user revealed at query time, at least 0
 * @param maxEvents    when positive, only users with at most this many events are eligible; must
 *                     then exceed {@code revealed}. 0 or negative: no upper bound
 */
public record ColdUsers(double coldFraction, int revealed, int maxEvents) implements SplitProtocol {
    public static final String NAME = "cold-users";

    public ColdUsers {
        SplitSupport.checkFraction("cold fraction", coldFraction);
        if (revealed < 0) {
            throw new IllegalArgumentException("revealed events must be at least 0, got " + revealed);
        }
        if (maxEvents > 0 && maxEvents <= revealed) {
            throw new IllegalArgumentException("max events (" + maxEvents + ") must exceed revealed events ("
                    + revealed + "), or be 0 for no bound");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("cold_fraction", coldFraction, "revealed", revealed, "max_events", maxEvents);
    }

    @Override
    public Split split(Interactions x, long seed) {
        int nu = x.numUsers();
        int e = 0;
        for (int u = 0; u < nu; u++) {
            if (eligible(x.userCount(u))) {
                e++;
            }
        }
        int[] candidates = new int[e];
        for (int u = 0, w = 0; u < nu; u++) {
            if (eligible(x.userCount(u))) {
                candidates[w++] = u;
            }
        }
        int k = e == 0 ? 0 : SplitSupport.share(e, coldFraction, 1, e);
        int[] cold = SplitSupport.pick(candidates, k, seed, SplitSupport.SALT_COLD_USERS);
        boolean[] isCold = new boolean[nu];
        for (int u : cold) {
            isCold[u] = true;
        }
        Interactions.Builder train = x.derive();
        Interactions.Builder test = x.derive();
        Interactions.Builder query = x.derive();
        long revealedEvents = 0;
        for (int u = 0; u < nu; u++) {
            int s = x.start(u);
            int end = x.end(u);
            if (isCold[u]) {
                for (int p = s; p < end; p++) {
                    if (p - s < revealed) {
                        SplitSupport.copy(query, x, u, p);
                        revealedEvents++;
                    } else {
                        SplitSupport.copy(test, x, u, p);
                    }
                }
            } else {
                for (int p = s; p < end; p++) {
                    SplitSupport.copy(train, x, u, p);
                    SplitSupport.copy(query, x, u, p);
                }
            }
        }
        Interactions tr = train.build();
        Interactions te = test.build();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("cold_fraction", coldFraction);
        params.put("revealed", revealed);
        params.put("max_events", maxEvents);
        params.put("seed", seed);
        params.put("eligible_users", e);
        params.put("cold_users", k);
        params.put("revealed_events", revealedEvents);
        SplitSupport.putSizes(params, tr, te);
        return new Split(NAME, params, tr, te, query.build(), null);
    }

    private boolean eligible(int count) {
        return count > revealed && (maxEvents <= 0 || count <= maxEvents);
    }
}
