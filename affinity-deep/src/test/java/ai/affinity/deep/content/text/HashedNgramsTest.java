package ai.affinity.deep.content.text;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.SparseRows;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashedNgramsTest {
    @Test
    void countsWordsBigramsAndTrigramsAndNormalisesRows() {
        HashedNgrams h = new HashedNgrams(1 << 20, false);
        // "a b a": words a, b, a and bigrams "a b", "b a" → 4 distinct features, counts 2,1,1,1.
        Map<Integer, Float> f = h.features("A b, a");
        assertEquals(4, f.size());
        assertEquals(2f, f.get(h.bucket("w:a")));
        SparseRows rows = h.featurize(List.of(ItemContent.titled("A b, a"), ItemContent.empty()));
        double norm = 0;
        for (float v : rows.rowValues(0)) {
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-6); // counts (2,1,1,1) / sqrt(7) after the "." ItemText adds
        assertEquals(0, rows.rowIds(1).length);
        // "cat": <ca, cat, at> trigrams plus the word itself.
        assertEquals(4, new HashedNgrams(1 << 20, true).features("cat").size());
    }

    @Test
    void sharedWordsGiveOverlappingBags() {
        HashedNgrams h = new HashedNgrams(4096, true);
        SparseRows r = h.featurize(List.of(ItemContent.titled("space opera adventure"),
                ItemContent.titled("an adventure in space"), ItemContent.titled("quiet kitchen drama")));
        assertTrue(dot(r, 0, 1) > dot(r, 0, 2) + 0.2, dot(r, 0, 1) + " vs " + dot(r, 0, 2));
    }

    private static double dot(SparseRows r, int a, int b) {
        double s = 0;
        int[] ia = r.rowIds(a);
        float[] va = r.rowValues(a);
        int[] ib = r.rowIds(b);
        float[] vb = r.rowValues(b);
        for (int i = 0; i < ia.length; i++) {
            for (int j = 0; j < ib.length; j++) {
                if (ia[i] == ib[j]) {
                    s += va[i] * vb[j];
                }
            }
        }
        return s;
    }
}
