package ai.affinity.server.serving;

import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;

import java.util.ArrayList;
import java.util.List;

/**
 * What the snapshots fitted on one {@link TrainingSet} share besides their models: which items are warm
 * (have training events), the popularity ranking (distinct users per item, the fallback for users
 * with no history) and the placements of cold items (no events) by a {@link ContentIndex}.
 *
 * <p>Cold items are scored from their placement: the weighted mean of the model's scores of their
 * warm content neighbours ({@link #coldScore}). This is what makes an item recommendable without
 * events, whether it was in the data set, stored before the last refit, or added a moment ago
 * ({@link ServingState#itemStored}). Immutable and thread-safe.
 */
public final class CatalogIndex {
    /** Content neighbours kept per cold item. */
    public static final int NEIGHBOURS = 10;

    private final IdMap itemIds;
    private final boolean[] warm;
    private final int[] counts;
    private final int[] popular;
    private final ContentIndex content;
    /** In-catalogue cold items with a placement: item index, neighbour indexes, weights. */
    private final int[] coldItems;
    private final int[][] coldNeighbours;
    private final float[][] coldWeights;

    private CatalogIndex(IdMap itemIds, boolean[] warm, int[] counts, int[] popular, ContentIndex content, int[] coldItems,
                         int[][] coldNeighbours, float[][] coldWeights) {
        this.itemIds = itemIds;
        this.warm = warm;
        this.counts = counts;
        this.popular = popular;
        this.content = content;
        this.coldItems = coldItems;
        this.coldNeighbours = coldNeighbours;
        this.coldWeights = coldWeights;
    }

    /** Counts, ranks and places the items of {@code ts} ({@code factory} null: no content placement). */
    public static CatalogIndex build(TrainingSet ts, ContentIndex.Factory factory) {
        Interactions x = ts.data().train();
        int n = ts.itemIds().size();
        int[] counts = new int[n];
        Interactions.ItemView view = x.byItem();
        boolean[] warm = new boolean[n];
        for (int i = 0; i < Math.min(n, x.numItems()); i++) {
            counts[i] = view.end(i) - view.start(i);
            warm[i] = counts[i] > 0;
        }
        // Most popular first; ties by index, so the order is deterministic.
        int[] popular = java.util.stream.IntStream.range(0, n).filter(i -> warm[i]).boxed()
                .sorted((a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
        ContentIndex content = factory == null ? null : factory.build(ts, warm);
        List<int[]> nb = new ArrayList<>();
        List<float[]> ws = new ArrayList<>();
        List<Integer> cold = new ArrayList<>();
        if (content != null) {
            for (int i = 0; i < n; i++) {
                if (warm[i]) {
                    continue;
                }
                ColdItem c = content.place(ts.itemIds().id(i), ts.data().items().get(i));
                if (!c.placed()) {
                    continue;
                }
                int[] idx = new int[c.neighbours().length];
                for (int j = 0; j < idx.length; j++) {
                    idx[j] = ts.itemIds().indexOf(c.neighbours()[j]);
                }
                cold.add(i);
                nb.add(idx);
                ws.add(c.weights());
            }
        }
        return new CatalogIndex(ts.itemIds(), warm, counts, popular, content,
                cold.stream().mapToInt(Integer::intValue).toArray(), nb.toArray(new int[0][]), ws.toArray(new float[0][]));
    }

    /** Whether item {@code i} (index in this catalogue) has training events. */
    public boolean isWarm(int i) {
        return i >= 0 && i < warm.length && warm[i];
    }

    /** Whether the item with this id is in the catalogue and has training events. */
    public boolean isWarm(String itemId) {
        return isWarm(itemIds.indexOf(itemId));
    }

    /** Distinct users with events on item {@code i}. */
    public int count(int i) {
        return i < counts.length ? counts[i] : 0;
    }

    /** Warm items, most popular first. */
    public int[] popular() {
        return popular;
    }

    /** The content index (null when none was built). */
    public ContentIndex content() {
        return content;
    }

    /** Number of in-catalogue cold items that have a placement. */
    public int numColdPlaced() {
        return coldItems.length;
    }

    /** The {@code j}-th placed cold item's index. */
    public int coldItem(int j) {
        return coldItems[j];
    }

    /** The {@code j}-th placed cold item's neighbour indexes (shared, do not modify). */
    public int[] coldNeighbours(int j) {
        return coldNeighbours[j];
    }

    /** The {@code j}-th placed cold item's neighbour weights (shared, do not modify). */
    public float[] coldWeights(int j) {
        return coldWeights[j];
    }

    /**
     * The placement of item {@code i} when it is a placed cold item (its score is then its neighbours' weighted
     * mean), else null: what a retriever indexes for it ({@link ai.affinity.server.retrieval.Retriever#prepare(
     * ai.affinity.model.Model, java.util.function.IntFunction)}).
     */
    public ai.affinity.server.retrieval.Retriever.Placement placement(int i) {
        int j = java.util.Arrays.binarySearch(coldItems, i); // ascending: built in item order
        return j < 0 ? null : new ai.affinity.server.retrieval.Retriever.Placement(coldNeighbours[j], coldWeights[j]);
    }

    /** The {@code j}-th placed cold item's score: the weighted mean of {@code scores} over its neighbours. */
    public float coldScore(int j, float[] scores) {
        return weightedMean(coldNeighbours[j], coldWeights[j], scores);
    }

    /** {@code Σ w·s / Σ w} over neighbours with an index (>= 0) within {@code scores}; NaN when none. */
    static float weightedMean(int[] neighbours, float[] weights, float[] scores) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < neighbours.length; k++) {
            int i = neighbours[k];
            if (i < 0 || i >= scores.length) {
                continue;
            }
            float s = scores[i];
            if (s != s || Float.isInfinite(s)) {
                continue;
            }
            num += weights[k] * s;
            den += weights[k];
        }
        return den > 0 ? (float) (num / den) : Float.NaN;
    }
}
