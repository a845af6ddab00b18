package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Global temporal split ("temporal"): one time cut at the {@code (1 - testFraction)} quantile of all
 * event timestamps. Events strictly after the cut go to test, events at or before it to train, so
 * every training timestamp is at or before every test timestamp. Ties at the cut stay in train, so
 * the test share can fall below {@code testFraction} when many events share a timestamp. Test events
 * of users with no training event are dropped (a model cannot be asked about a user it knows
 * nothing of under this protocol) and counted in {@code dropped_test_events_no_history}. The seed
 * is unused.
 *
 * <p>The cut is the timestamp at sorted position {@code ceil((1 - testFraction) * N) - 1}, i.e.
 * the smallest timestamp with at least {@code (1 - testFraction) * N} events at or before it.
 *
 * @param testFraction share of events (by time) intended for test, in (0, 1)
 */
public record TemporalSplit(double testFraction) implements SplitProtocol {
    public static final String NAME = "temporal";

    public TemporalSplit {
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
    public Split split(Interactions x, long seed) {
        int total = x.numEvents();
        long[] times = new long[total];
        for (int p = 0; p < total; p++) {
            times[p] = x.timestamp(p);
        }
        Arrays.sort(times);
        long cut = 0;
        if (total > 0) {
            int k = (int) Math.ceil((1 - testFraction) * total) - 1;
            cut = times[Math.max(0, Math.min(total - 1, k))];
        }
        Interactions.Builder train = x.derive();
        Interactions.Builder test = x.derive();
        long dropped = 0;
        int droppedUsers = 0;
        for (int u = 0; u < x.numUsers(); u++) {
            int s = x.start(u);
            int e = x.end(u);
            // Rows are time-ordered, so the user has a training event iff their first event is at or before the cut.
            boolean hasHistory = e > s && x.timestamp(s) <= cut;
            if (!hasHistory && e > s) {
                dropped += e - s;
                droppedUsers++;
                continue;
            }
            for (int p = s; p < e; p++) {
                SplitSupport.copy(x.timestamp(p) <= cut ? train : test, x, u, p);
            }
        }
        Interactions tr = train.build();
        Interactions te = test.build();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("test_fraction", testFraction);
        params.put("seed", seed);
        params.put("cut_timestamp", cut);
        params.put("dropped_test_events_no_history", dropped);
        params.put("dropped_test_users_no_history", droppedUsers);
        SplitSupport.putSizes(params, tr, te);
        return Split.of(NAME, params, tr, te);
    }
}
