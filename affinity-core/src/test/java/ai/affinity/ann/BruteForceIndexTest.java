package ai.affinity.ann;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BruteForceIndexTest {
    // Items in 2-D: 0 = (1,0), 1 = (0,2), 2 = (3,3), 3 = (-1,0), 4 = (0.5,0.5)
    private static final float[] ITEMS = {1, 0, 0, 2, 3, 3, -1, 0, 0.5f, 0.5f};

    @Test
    void innerProductHandChecked() {
        BruteForceIndex idx = BruteForceIndex.build(ITEMS, 2, Similarity.INNER_PRODUCT);
        // q = (1, 2): scores 1, 4, 9, -1, 1.5 -> order 2, 1, 4, 0, 3
        Neighbors nb = idx.search(new float[] {1, 2}, 5);
        assertArrayEquals(new int[] {2, 1, 4, 0, 3}, nb.ids());
        assertArrayEquals(new float[] {9, 4, 1.5f, 1, -1}, nb.scores(), 1e-6f);
        assertArrayEquals(new int[] {2, 1}, idx.search(new float[] {1, 2}, 2).ids());
        // k beyond the catalogue returns everything
        assertEquals(5, idx.search(new float[] {1, 2}, 50).size());
    }

    @Test
    void cosineHandChecked() {
        BruteForceIndex idx = BruteForceIndex.build(ITEMS, 2, Similarity.COSINE);
        // q = (1, 0): cosines 1, 0, 1/√2, -1, 1/√2 -> 0, then 2 and 4 tie (lower id first), 1, 3
        Neighbors nb = idx.search(new float[] {2, 0}, 5);
        assertArrayEquals(new int[] {0, 2, 4, 1, 3}, nb.ids());
        float r = (float) (1 / Math.sqrt(2));
        assertArrayEquals(new float[] {1, r, r, 0, -1}, nb.scores(), 1e-6f);
        assertArrayEquals(new float[] {r, r}, idx.vector(2), 1e-6f);
    }

    @Test
    void exclusionAndTiesAreDeterministic() {
        BruteForceIndex idx = BruteForceIndex.build(ITEMS, 2, Similarity.INNER_PRODUCT);
        // q = (1, 1): scores 1, 2, 6, -1, 1 -> 2, 1, then 0 and 4 tie at 1: 0 first
        assertArrayEquals(new int[] {2, 1, 0, 4, 3}, idx.search(new float[] {1, 1}, 5).ids());
        assertArrayEquals(new int[] {1, 4}, idx.search(new float[] {1, 1}, 2, id -> id == 2 || id == 0).ids());
    }

    @Test
    void parallelEqualsSequential() {
        int dim = 8;
        float[] m = AnnTestData.clustered(70_000, dim, 20, 5);
        BruteForceIndex seq = BruteForceIndex.build(m, dim, Similarity.INNER_PRODUCT, false);
        BruteForceIndex par = BruteForceIndex.build(m, dim, Similarity.INNER_PRODUCT, true);
        float[] q = AnnTestData.row(AnnTestData.clustered(1, dim, 20, 9), dim, 0);
        Neighbors a = seq.search(q, 25);
        Neighbors b = par.search(q, 25);
        assertArrayEquals(a.ids(), b.ids());
        assertArrayEquals(a.scores(), b.scores());
    }

    @Test
    void addThenFind() {
        BruteForceIndex idx = BruteForceIndex.build(ITEMS, 2, Similarity.INNER_PRODUCT);
        assertEquals(5, idx.add(new float[] {10, 10}));
        assertEquals(6, idx.size());
        assertEquals(5, idx.search(new float[] {1, 1}, 1).ids()[0]);
        assertArrayEquals(new float[] {10, 10}, idx.vector(5));
    }

    @Test
    void badInputIsExplained() {
        BruteForceIndex idx = BruteForceIndex.build(ITEMS, 2, Similarity.INNER_PRODUCT);
        String m = assertThrows(IllegalArgumentException.class, () -> idx.search(new float[] {1, 2, 3}, 3)).getMessage();
        assertTrue(m.contains("query has 3 dimensions; the index has 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> idx.search(new float[] {1, 2}, 0)).getMessage();
        assertTrue(m.contains("k must be >= 1; got 0"), m);
        m = assertThrows(IllegalArgumentException.class, () -> idx.add(new float[] {1, Float.NaN})).getMessage();
        assertTrue(m.contains("non-finite value at dimension 1"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> BruteForceIndex.build(new float[] {1, 2, 3}, 2, Similarity.COSINE)).getMessage();
        assertTrue(m.contains("not a multiple of dim 2"), m);
        assertThrows(IndexOutOfBoundsException.class, () -> idx.vector(5));
    }
}
