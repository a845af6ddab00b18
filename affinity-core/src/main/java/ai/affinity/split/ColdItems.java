package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cold-item split ("cold-items"): {@code round(m * coldFraction)} (clamped to {@code [1, m-1]}) of
 * the {@code m} items with at least one event are drawn at random as cold; every event on a cold
 * item goes to test, every other event to train. {@link Split#candidates()} is the ascending array
 * of cold items, so ranking is over cold items only, and the query history is the training set.
 * An item is cold when its hash of (seed, item) is among the {@code k} smallest, so the draw does
 * not depend on iteration order. With fewer than two active items nothing is cold.
 *
 * @param coldFraction share of active items made cold, in (0, 1)
 */
public record ColdItems(double coldFraction) implements SplitProtocol {
    public static final String NAME = "cold-items";

    public ColdItems {
        SplitSupport.checkFraction("cold fraction", coldFraction);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("cold_fraction", coldFraction);
    }

    @Override
    public Split split(Interactions x, long seed) {
        int[] counts = x.itemCounts();
        int m = 0;
        for (int c : counts) {
            if (c > 0) {
                m++;
            }
        }
        int[] active = new int[m];
        for (int i = 0, w = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                active[w++] = i;
            }
        }
        int k = m < 2 ? 0 : SplitSupport.share(m, coldFraction, 1, m - 1);
        int[] cold = SplitSupport.pick(active, k, seed, SplitSupport.SALT_COLD_ITEMS);
        boolean[] isCold = new boolean[x.numItems()];
        for (int i : cold) {
            isCold[i] = true;
        }
        Interactions.Builder train = x.derive();
        Interactions.Builder test = x.derive();
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                SplitSupport.copy(isCold[x.item(p)] ? test : train, x, u, p);
            }
        }
        Interactions tr = train.build();
        Interactions te = test.build();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("cold_fraction", coldFraction);
        params.put("seed", seed);
        params.put("active_items", m);
        params.put("cold_items", k);
        SplitSupport.putSizes(params, tr, te);
        return new Split(NAME, params, tr, te, tr, cold);
    }
}
