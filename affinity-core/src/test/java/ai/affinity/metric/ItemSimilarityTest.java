package ai.affinity.metric;

import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemSimilarityTest {
    private static ItemContent item(Map<String, List<String>> categorical) {
        return new ItemContent("", "", categorical, Map.of(), null, null, ItemContent.UNKNOWN_TIME);
    }

    private static ItemSimilarity fixture() {
        ItemCatalog c = new ItemCatalog();
        c.set(0, item(Map.of("genre", List.of("Action", "Comedy"))));
        c.set(1, item(Map.of("genre", List.of("Comedy", "Action", "Action")))); // same set, repeated value
        c.set(2, item(Map.of("genre", List.of("Drama"))));
        c.set(3, item(Map.of("genre", List.of("Action", "Drama", "Horror"), "decade", List.of("1990s"))));
        c.set(4, ItemContent.empty());
        c.set(5, item(Map.of("tag", List.of("Action"))));
        // items 6 and 7 are beyond the catalogue
        return ItemSimilarity.fromCatalog(c, 8);
    }

    @Test
    void identicalAndDisjoint() {
        ItemSimilarity s = fixture();
        assertEquals(1.0, s.similarity(0, 1));
        assertEquals(1.0, s.similarity(1, 0));
        assertEquals(1.0, s.similarity(3, 3));
        assertEquals(0.0, s.similarity(0, 2));
        // "tag=Action" is a different feature from "genre=Action"
        assertEquals(0.0, s.similarity(0, 5));
    }

    @Test
    void overlappingSetsHandComputed() {
        ItemSimilarity s = fixture();
        // {genre=Action, genre=Comedy} vs {genre=Action, genre=Drama, genre=Horror, decade=1990s}:
        // 1 common / sqrt(2 * 4) = 1/sqrt(8) ~ 0.35355
        assertEquals(1 / Math.sqrt(8), s.similarity(0, 3), 1e-12);
        assertEquals(1 / Math.sqrt(8), s.similarity(3, 0), 1e-12);
        // {genre=Drama} vs item 3: 1 / sqrt(1 * 4) = 1/2
        assertEquals(0.5, s.similarity(2, 3), 1e-12);
        assertEquals(4, s.numFeatures(3));
        assertEquals(2, s.numFeatures(1));
        assertEquals(6, s.numFeatures()); // Action, Comedy, Drama, Horror, decade=1990s, tag=Action
    }

    @Test
    void manyFeaturesUseTheMergePath() {
        // 70 features > 64: item 0 {0..69}, item 1 {0..34}, item 2 {35..69}, item 3 {69, 0}
        int[] all = new int[70];
        int[] low = new int[35];
        int[] high = new int[35];
        for (int i = 0; i < 70; i++) {
            all[i] = i;
        }
        for (int i = 0; i < 35; i++) {
            low[i] = i;
            high[i] = 35 + i;
        }
        ItemSimilarity s = ItemSimilarity.fromFeatures(new int[][] {all, low, high, {69, 0}, null}, 70);
        assertEquals(1.0, s.similarity(0, 0));
        assertEquals(0.0, s.similarity(1, 2));
        assertEquals(35 / Math.sqrt(70.0 * 35), s.similarity(0, 1), 1e-12); // = sqrt(1/2)
        assertEquals(1 / Math.sqrt(35.0 * 2), s.similarity(1, 3), 1e-12);
        assertEquals(0.0, s.similarity(4, 4));
    }

    @Test
    void itemsWithoutAttributesAreSimilarToNothing() {
        ItemSimilarity s = fixture();
        for (int other = 0; other < 8; other++) {
            assertEquals(0.0, s.similarity(4, other));
            assertEquals(0.0, s.similarity(other, 6));
        }
        assertFalse(s.isEmpty());
        assertEquals(8, s.numItems());
    }

    @Test
    void emptyCatalogue() {
        ItemCatalog c = new ItemCatalog();
        c.set(2, ItemContent.titled("no attributes"));
        ItemSimilarity s = ItemSimilarity.fromCatalog(c, 5);
        assertTrue(s.isEmpty());
        assertEquals(0.0, s.similarity(0, 1));
        assertTrue(ItemSimilarity.fromCatalog(new ItemCatalog(), 0).isEmpty());
    }

    @Test
    void catalogueLargerThanItemsIsRejected() {
        ItemCatalog c = new ItemCatalog();
        c.set(9, ItemContent.empty());
        assertThrows(IllegalArgumentException.class, () -> ItemSimilarity.fromCatalog(c, 5));
        assertThrows(IllegalArgumentException.class, () -> ItemSimilarity.fromFeatures(new int[][] {{3}}, 3));
    }

    @Test
    void symmetricAndBounded() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        int[][] f = new int[40][];
        for (int i = 0; i < f.length; i++) {
            f[i] = new int[rng.nextInt(6)];
            for (int j = 0; j < f[i].length; j++) {
                f[i][j] = rng.nextInt(10);
            }
        }
        ItemSimilarity s = ItemSimilarity.fromFeatures(f, 10);
        // Same sets with 100 declared features: the sorted-merge path instead of the 64-bit mask path.
        ItemSimilarity wide = ItemSimilarity.fromFeatures(f, 100);
        for (int a = 0; a < f.length; a++) {
            for (int b = 0; b < f.length; b++) {
                double v = s.similarity(a, b);
                assertTrue(v >= 0 && v <= 1, "sim(" + a + "," + b + ") = " + v);
                assertEquals(v, s.similarity(b, a));
                assertEquals(v, wide.similarity(a, b), 1e-15, "sim(" + a + "," + b + ")");
            }
        }
    }
}
