package ai.affinity.metric;

import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cosine similarity between items from their categorical attributes. Each distinct (attribute, value) pair
 * is one binary feature (e.g. {@code genre=Action}), so for items with feature sets A and B the similarity is
 * {@code |A ∩ B| / sqrt(|A| * |B|)}, in [0, 1]: 1 for identical sets, 0 for disjoint ones. Items with no
 * attributes have similarity 0 to everything, themselves included.
 *
 * <p>Stored as a CSR of sorted feature ids per item, plus one 64-bit mask per item when there are at most 64
 * features. {@link #similarity} is allocation-free: O(1) (AND + bit count) with masks, otherwise a merge of
 * two sorted arrays, O(|A| + |B|). Immutable and thread-safe.
 */
public final class ItemSimilarity {
    private final int[] offsets;
    private final int[] features;
    /** 1 / sqrt(|features of item|), or 0 for items without features. */
    private final double[] invNorm;
    private final int numFeatures;
    /**
     * Feature sets as 64-bit masks when there are at most 64 features (e.g. the 19 MovieLens genres): then
     * the intersection is one AND and a bit count, which matters because intra-list diversity calls
     * {@link #similarity} k²/2 times per user. Null otherwise.
     */
    private final long[] masks;

    private ItemSimilarity(int[] offsets, int[] features, int numFeatures) {
        this.offsets = offsets;
        this.features = features;
        this.numFeatures = numFeatures;
        int n = offsets.length - 1;
        this.invNorm = new double[n];
        for (int i = 0; i < n; i++) {
            int len = offsets[i + 1] - offsets[i];
            invNorm[i] = len == 0 ? 0.0 : 1.0 / Math.sqrt(len);
        }
        if (numFeatures <= 64) {
            masks = new long[n];
            for (int i = 0; i < n; i++) {
                for (int j = offsets[i]; j < offsets[i + 1]; j++) {
                    masks[i] |= 1L << features[j];
                }
            }
        } else {
            masks = null;
        }
    }

    /**
     * Builds the similarity of items {@code 0..numItems-1} from the catalogue's categorical attributes.
     * Items the catalogue does not hold (index &gt;= {@code catalog.size()}) have no attributes. Repeated
     * values of one attribute count once; attribute names and values are case-sensitive.
     *
     * @throws IllegalArgumentException if the catalogue holds more items than {@code numItems} (a sign of
     *                                  misaligned item indexes)
     */
    public static ItemSimilarity fromCatalog(ItemCatalog catalog, int numItems) {
        if (numItems < 0) {
            throw new IllegalArgumentException("numItems must be >= 0, got " + numItems);
        }
        if (catalog.size() > numItems) {
            throw new IllegalArgumentException("item catalog holds " + catalog.size() + " items but numItems is "
                    + numItems);
        }
        Map<String, Integer> featureIds = new HashMap<>();
        int[][] perItem = new int[numItems][];
        int[] buf = new int[16];
        for (int i = 0; i < numItems; i++) {
            Map<String, List<String>> attrs = i < catalog.size() ? catalog.get(i).categorical() : Map.of();
            int len = 0;
            for (Map.Entry<String, List<String>> e : attrs.entrySet()) {
                for (String value : e.getValue()) {
                    if (value == null) {
                        continue;
                    }
                    // '\u0000' cannot occur in names read from text files, so the key is unambiguous.
                    String key = e.getKey() + '\u0000' + value;
                    Integer id = featureIds.get(key);
                    if (id == null) {
                        id = featureIds.size();
                        featureIds.put(key, id);
                    }
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, len * 2);
                    }
                    buf[len++] = id;
                }
            }
            perItem[i] = Arrays.copyOf(buf, len);
        }
        return fromFeatures(perItem, featureIds.size());
    }

    /**
     * Builds the similarity from explicit binary features: {@code itemFeatures[i]} lists the feature ids
     * (0-based, &lt; {@code numFeatures}) of item i, in any order, duplicates ignored; null or empty means
     * no features.
     */
    public static ItemSimilarity fromFeatures(int[][] itemFeatures, int numFeatures) {
        int n = itemFeatures.length;
        int[] offsets = new int[n + 1];
        int[][] sorted = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] f = itemFeatures[i] == null ? new int[0] : itemFeatures[i].clone();
            Arrays.sort(f);
            int len = 0;
            for (int j = 0; j < f.length; j++) {
                if (f[j] < 0 || f[j] >= numFeatures) {
                    throw new IllegalArgumentException("item " + i + ": feature id " + f[j] + " outside [0, "
                            + numFeatures + ")");
                }
                if (len == 0 || f[len - 1] != f[j]) {
                    f[len++] = f[j];
                }
            }
            sorted[i] = f;
            offsets[i + 1] = offsets[i] + len;
        }
        int[] features = new int[offsets[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sorted[i], 0, features, offsets[i], offsets[i + 1] - offsets[i]);
        }
        return new ItemSimilarity(offsets, features, numFeatures);
    }

    /** Cosine similarity of items {@code a} and {@code b}, in [0, 1]; 0 when either has no features. */
    public double similarity(int a, int b) {
        double norm = invNorm[a] * invNorm[b];
        if (norm == 0.0) {
            return 0.0;
        }
        if (masks != null) {
            long ma = masks[a];
            long mb = masks[b];
            // Identical sets give exactly 1, not 1 +- rounding.
            return ma == mb ? 1.0 : Long.bitCount(ma & mb) * norm;
        }
        if (a == b) {
            return 1.0;
        }
        int i = offsets[a];
        int iEnd = offsets[a + 1];
        int j = offsets[b];
        int jEnd = offsets[b + 1];
        int common = 0;
        while (i < iEnd && j < jEnd) {
            int fa = features[i];
            int fb = features[j];
            if (fa == fb) {
                common++;
                i++;
                j++;
            } else if (fa < fb) {
                i++;
            } else {
                j++;
            }
        }
        // Identical sets give exactly 1 (common == |A| == |B|), not 1 +- rounding.
        if (common == iEnd - offsets[a] && common == jEnd - offsets[b]) {
            return 1.0;
        }
        return common * norm;
    }

    /** True when no item has any attribute (intra-list diversity is then meaningless and should be omitted). */
    public boolean isEmpty() {
        return features.length == 0;
    }

    public int numItems() {
        return invNorm.length;
    }

    /** Number of distinct (attribute, value) features. */
    public int numFeatures() {
        return numFeatures;
    }

    /** Number of features of item {@code i}. */
    public int numFeatures(int i) {
        return offsets[i + 1] - offsets[i];
    }
}
