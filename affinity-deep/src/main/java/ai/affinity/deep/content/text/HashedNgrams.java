package ai.affinity.deep.content.text;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.EmbeddingBag;
import ai.affinity.deep.content.SparseRows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trainable text alternative (fastText-style, Joulin et al. 2017): an item's text
 * ({@link ItemText#of}) as a bag of hashed features (lower-cased word unigrams and bigrams, and
 * character trigrams of each word with boundary marks), each feature hashed (FNV-1a 32-bit) into
 * {@code buckets} ids and weighted by its count, rows L2-normalised. The item tower learns a
 * {@code [buckets, dim]} table end to end through {@link EmbeddingBag}. No vocabulary to fit:
 * new items featurize the same way. Immutable and thread-safe.
 */
public final class HashedNgrams {
    private final int buckets;
    private final boolean charTrigrams;

    /**
     * @param buckets      hash space, {@code >= 16} (e.g. 2^18 for a large catalogue; collisions cost accuracy)
     * @param charTrigrams also hash character trigrams (robust to misspellings and inflections)
     */
    public HashedNgrams(int buckets, boolean charTrigrams) {
        if (buckets < 16) {
            throw new IllegalArgumentException("buckets must be >= 16, got " + buckets);
        }
        this.buckets = buckets;
        this.charTrigrams = charTrigrams;
    }

    public int buckets() {
        return buckets;
    }

    /** Lower-cased runs of letters and digits. */
    static String[] words(String text) {
        return text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+", -1);
    }

    /** FNV-1a hash of the UTF-8 bytes, reduced to a bucket. */
    int bucket(String feature) {
        int h = 0x811C9DC5;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return Math.floorMod(h, buckets);
    }

    /** Feature counts of one text, by bucket. */
    public Map<Integer, Float> features(String text) {
        Map<Integer, Float> f = new HashMap<>();
        String prev = null;
        for (String w : words(text)) {
            if (w.isEmpty()) {
                continue;
            }
            f.merge(bucket("w:" + w), 1f, Float::sum);
            if (prev != null) {
                f.merge(bucket("b:" + prev + " " + w), 1f, Float::sum);
            }
            if (charTrigrams) {
                String m = "<" + w + ">";
                for (int i = 0; i + 3 <= m.length(); i++) {
                    f.merge(bucket("c:" + m.substring(i, i + 3)), 1f, Float::sum);
                }
            }
            prev = w;
        }
        return f;
    }

    /** One L2-normalised sparse row per item (empty text: an empty row). */
    public SparseRows featurize(List<ItemContent> items) {
        SparseRows.Builder b = new SparseRows.Builder(buckets);
        for (ItemContent c : items) {
            Map<Integer, Float> f = features(ItemText.of(c));
            double norm = 0;
            for (float v : f.values()) {
                norm += v * v;
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            f.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.add(e.getKey(), e.getValue() * inv));
            b.endRow();
        }
        return b.build();
    }
}
