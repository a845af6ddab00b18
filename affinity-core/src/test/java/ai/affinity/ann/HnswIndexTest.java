package ai.affinity.ann;

import ai.affinity.math.Vectors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HnswIndexTest {
    private static final int DIM = 16;
    private static final float[] ITEMS = AnnTestData.clustered(3000, DIM, 30, 1);
    private static final float[] QUERIES = AnnTestData.clustered(100, DIM, 30, 2);
    private static final HnswIndex SHARED = HnswIndex.build(ITEMS, DIM, Similarity.INNER_PRODUCT, HnswParams.defaults());
    private static final BruteForceIndex EXACT = BruteForceIndex.build(ITEMS, DIM, Similarity.INNER_PRODUCT);

    @Test
    void recallAgainstBruteForceInnerProduct() {
        HnswIndex hnsw = SHARED;
        BruteForceIndex exact = EXACT;
        double recall = AnnTestData.recall(hnsw, exact, QUERIES, DIM, 10);
        assertTrue(recall >= 0.95, "recall@10 = " + recall);
        // Scores returned are exact, best first.
        Neighbors nb = hnsw.search(AnnTestData.row(QUERIES, DIM, 0), 10);
        for (int i = 0; i < nb.size(); i++) {
            float exactScore = Vectors.dot(AnnTestData.row(QUERIES, DIM, 0), 0, ITEMS, nb.ids()[i] * DIM, DIM);
            assertEquals(exactScore, nb.scores()[i], 1e-4f);
            assertTrue(i == 0 || nb.scores()[i - 1] >= nb.scores()[i]);
        }
    }

    @Test
    void recallAgainstBruteForceCosine() {
        float[] items = java.util.Arrays.copyOf(ITEMS, 1500 * DIM);
        HnswIndex hnsw = HnswIndex.build(items, DIM, Similarity.COSINE, HnswParams.defaults());
        BruteForceIndex exact = BruteForceIndex.build(items, DIM, Similarity.COSINE);
        double recall = AnnTestData.recall(hnsw, exact, QUERIES, DIM, 10);
        assertTrue(recall >= 0.95, "recall@10 = " + recall);
    }

    @Test
    void innerProductPrefersTheLongVectorOverTheAlignedShortOne() {
        // q = (1, 0): item 0 = (0.1, 0) is perfectly aligned, item 1 = (3, 3) scores 3: MIPS must pick item 1.
        float[] items = {0.1f, 0, 3, 3, -1, 0, 0, -2};
        HnswIndex idx = HnswIndex.build(items, 2, Similarity.INNER_PRODUCT, HnswParams.defaults());
        Neighbors nb = idx.search(new float[] {1, 0}, 4);
        assertArrayEquals(new int[] {1, 0, 3, 2}, nb.ids());
        assertArrayEquals(new float[] {3, 0.1f, 0, -1}, nb.scores(), 1e-6f);
    }

    @Test
    void addAfterBuildIsSearchable() {
        int built = 1000;
        float[] first = java.util.Arrays.copyOf(ITEMS, built * DIM);
        HnswIndex hnsw = HnswIndex.build(first, DIM, Similarity.INNER_PRODUCT, HnswParams.defaults());
        for (int r = built; r < 1500; r++) {
            assertEquals(r, hnsw.add(AnnTestData.row(ITEMS, DIM, r)));
        }
        assertEquals(1500, hnsw.size());
        BruteForceIndex exact = BruteForceIndex.build(java.util.Arrays.copyOf(ITEMS, 1500 * DIM), DIM, Similarity.INNER_PRODUCT);
        assertTrue(AnnTestData.recall(hnsw, exact, QUERIES, DIM, 10) >= 0.95);
        // A new item far longer than anything built is found first and exactly scored.
        float[] big = AnnTestData.row(QUERIES, DIM, 3);
        for (int j = 0; j < DIM; j++) {
            big[j] *= 50;
        }
        int id = hnsw.add(big);
        Neighbors nb = hnsw.search(AnnTestData.row(QUERIES, DIM, 3), 5);
        assertEquals(id, nb.ids()[0]);
        assertArrayEquals(big, hnsw.vector(id));
    }

    @Test
    void exclusionSkipsSeenItemsAndStillFillsK() {
        HnswIndex hnsw = SHARED;
        float[] q = AnnTestData.row(QUERIES, DIM, 7);
        int[] top = hnsw.search(q, 20).ids();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(top[i]);
        }
        int[] rest = hnsw.search(q, 10, seen::contains).ids();
        assertEquals(10, rest.length);
        for (int id : rest) {
            assertTrue(!seen.contains(id), "excluded id returned: " + id);
        }
        // Against exact search with the same exclusion.
        int[] truth = EXACT.search(q, 10, seen::contains).ids();
        int hit = 0;
        for (int id : rest) {
            for (int t : truth) {
                hit += id == t ? 1 : 0;
            }
        }
        assertTrue(hit >= 9, "filtered recall " + hit + "/10");
    }

    @Test
    void sameSeedSameGraph() {
        float[] small = java.util.Arrays.copyOf(ITEMS, 1000 * DIM);
        HnswParams p = HnswParams.defaults().withEfSearch(10).withRerankFactor(1);
        HnswIndex a = HnswIndex.build(small, DIM, Similarity.INNER_PRODUCT, p);
        HnswIndex b = HnswIndex.build(small, DIM, Similarity.INNER_PRODUCT, p);
        for (int q = 0; q < 20; q++) {
            float[] query = AnnTestData.row(QUERIES, DIM, q);
            assertArrayEquals(a.search(query, 10).ids(), b.search(query, 10).ids());
        }
    }

    @Test
    void startsEmptyAndGrowsByAdds() {
        HnswIndex idx = HnswIndex.build(new float[0], DIM, Similarity.COSINE, HnswParams.defaults());
        assertEquals(0, idx.search(AnnTestData.row(QUERIES, DIM, 0), 5).size());
        for (int r = 0; r < 300; r++) {
            idx.add(AnnTestData.row(ITEMS, DIM, r));
        }
        BruteForceIndex exact = BruteForceIndex.build(java.util.Arrays.copyOf(ITEMS, 300 * DIM), DIM, Similarity.COSINE);
        assertTrue(AnnTestData.recall(idx, exact, QUERIES, DIM, 10) >= 0.95);
    }

    @Test
    void searchesRunWhileItemsArrive() throws Exception {
        HnswIndex idx = HnswIndex.build(java.util.Arrays.copyOf(ITEMS, 1000 * DIM), DIM, Similarity.INNER_PRODUCT,
                HnswParams.defaults());
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 300; i++) {
                    Neighbors nb = idx.search(AnnTestData.row(QUERIES, DIM, i % 100), 10);
                    assertEquals(10, nb.size());
                    for (int id : nb.ids()) {
                        assertTrue(id >= 0 && id < idx.size());
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        for (int r = 1000; r < 1500; r++) {
            idx.add(AnnTestData.row(ITEMS, DIM, r));
        }
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(1500, idx.size());
    }

    @Test
    void badInputIsExplained() {
        HnswIndex idx = HnswIndex.build(new float[] {1, 0, 0, 1}, 2, Similarity.INNER_PRODUCT, HnswParams.defaults());
        String m = assertThrows(IllegalArgumentException.class, () -> idx.search(new float[] {1}, 3)).getMessage();
        assertTrue(m.contains("query has 1 dimensions; the index has 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> idx.search(new float[] {1, 0}, -1)).getMessage();
        assertTrue(m.contains("k must be >= 1; got -1"), m);
        m = assertThrows(IllegalArgumentException.class, () -> idx.add(new float[] {1, 2, 3})).getMessage();
        assertTrue(m.contains("item vector has 3 dimensions; the index has 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> HnswParams.defaults().withM(1)).getMessage();
        assertTrue(m.contains("m must be in 2..512; got 1"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> HnswIndex.build(new float[] {1, Float.POSITIVE_INFINITY}, 2, Similarity.COSINE, HnswParams.defaults()))
                .getMessage();
        assertTrue(m.contains("item vector 0 has a non-finite value at dimension 1"), m);
    }

    /**
     * Large tight clusters with log-normal norms (the AnnBenchmark generator at 1,000 items per cluster): Lucene's
     * pruned inner-product graph leaves mid-norm items without incoming edges, so recall@100 stayed ~0.6 whatever
     * the beam; the best-neighbour backlinks must bring it near 1.
     */
    @Test
    void tightLargeClustersStayReachable() {
        int dim = 32;
        float[] items = tightClusters(2000, dim, 2, 7, 7);
        float[] queries = tightClusters(40, dim, 2, 7, 8);
        HnswIndex hnsw = HnswIndex.build(items, dim, Similarity.INNER_PRODUCT, HnswParams.defaults().withRerankFactor(1));
        BruteForceIndex exact = BruteForceIndex.build(items, dim, Similarity.INNER_PRODUCT);
        double recall = AnnTestData.recall(hnsw, exact, queries, dim, 100);
        assertTrue(recall >= 0.97, "recall@100 = " + recall);
    }

    private static float[] tightClusters(int n, int dim, int clusters, long centreSeed, long seed) {
        java.util.SplittableRandom c = new java.util.SplittableRandom(centreSeed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) AnnTestData.gaussian(c);
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] out = new float[n * dim];
        for (int r = 0; r < n; r++) {
            int cl = rnd.nextInt(clusters);
            double scale = Math.exp(0.5 * AnnTestData.gaussian(rnd));
            for (int j = 0; j < dim; j++) {
                out[r * dim + j] = (float) (scale * (centres[cl * dim + j] + 0.5 * AnnTestData.gaussian(rnd)));
            }
        }
        return out;
    }
}
