package ai.affinity.model.knn;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Item-kNN math on a 3 × 3 matrix by hand, and the sparse fit against a dense reference on random
 * data. The hand matrix: user 0 has items {0, 1}, user 1 {0, 1, 2}, user 2 {1, 2}; so
 * |U_0| = 2, |U_1| = 3, |U_2| = 2 and the co-counts are (0,1) = 2, (0,2) = 1, (1,2) = 2.
 */
class ItemKnnTest {
    private static final float EPS = 1e-6f;

    static Interactions tiny(float[][] values) {
        int[][] items = {{0, 1}, {0, 1, 2}, {1, 2}};
        Interactions.Builder b = Interactions.builder().setDimensions(3, 3);
        for (int u = 0; u < 3; u++) {
            for (int k = 0; k < items[u].length; k++) {
                b.add(u, items[u][k], values == null ? 1f : values[u][k], 10L * u + k);
            }
        }
        return b.build();
    }

    private static ItemKnn.ItemKnnModel fit(ItemKnn alg, Interactions x) {
        return alg.fit(TrainingData.of(x), new FitContext(1, 1, Progress.silent()));
    }

    private static float[] score(ai.affinity.model.Model m, int... history) {
        float[] s = new float[m.numItems()];
        m.score(UserQuery.anonymous(History.ofItems(history)), s);
        return s;
    }

    @Test
    void similarityFormulas() {
        // cosine (0,1) = 2 / sqrt(2·3); with shrink 1: 2 / (sqrt 6 + 1)
        assertEquals(2 / Math.sqrt(6), Similarity.COSINE.of(2, 2, 3, 0.5, 0), 1e-12);
        assertEquals(2 / (Math.sqrt(6) + 1), Similarity.COSINE.of(2, 2, 3, 0.5, 1), 1e-12);
        // asymmetric: alpha = 0.5 is the cosine; alpha = 0 is dot / |b|, alpha = 1 is dot / |a|
        assertEquals(2 / Math.sqrt(6), Similarity.ASYMMETRIC.of(2, 2, 3, 0.5, 0), 1e-12);
        assertEquals(2.0 / 3, Similarity.ASYMMETRIC.of(2, 2, 3, 0, 0), 1e-12);
        assertEquals(1.0, Similarity.ASYMMETRIC.of(2, 2, 3, 1, 0), 1e-12);
        assertEquals(2 / (Math.pow(2, 0.3) * Math.pow(3, 0.7)), Similarity.ASYMMETRIC.of(2, 2, 3, 0.3, 0), 1e-12);
        // jaccard (0,1) = 2 / (2 + 3 - 2); (0,2) = 1 / (2 + 2 - 1); with shrink 3: 2 / 6
        assertEquals(2.0 / 3, Similarity.JACCARD.of(2, 2, 3, 0.5, 0), 1e-12);
        assertEquals(1.0 / 3, Similarity.JACCARD.of(1, 2, 2, 0.5, 0), 1e-12);
        assertEquals(2.0 / 6, Similarity.JACCARD.of(2, 2, 3, 0.5, 3), 1e-12);
        assertEquals(0, Similarity.COSINE.of(0, 0, 3, 0.5, 0));
    }

    @Test
    void conditionalProbabilityWithOneNeighbourPerCandidate() {
        // asymmetric alpha = 0: s(i→j) = co(i,j) / |U_i| (P(j | i)).
        // candidate 0: s(1→0) = 2/3, s(2→0) = 1/2 → keeps 1.
        // candidate 1: s(0→1) = 2/2 = 1, s(2→1) = 2/2 = 1 → tie, keeps the smaller index 0.
        // candidate 2: s(0→2) = 1/2, s(1→2) = 2/3 → keeps 1.
        ItemKnn alg = new ItemKnn(1, 0, Similarity.ASYMMETRIC, 0, 1, Normalization.NONE, false);
        ItemKnn.ItemKnnModel m = fit(alg, tiny(null));
        assertArrayEquals(new int[] {1}, m.rowItems(0));
        assertArrayEquals(new float[] {1f}, m.rowWeights(0), EPS);
        assertArrayEquals(new int[] {0, 2}, m.rowItems(1));
        assertArrayEquals(new float[] {2f / 3, 2f / 3}, m.rowWeights(1), EPS);
        assertEquals(0, m.rowLength(2));
        assertArrayEquals(new float[] {2f / 3, 0, 2f / 3}, score(m, 1), EPS);
        assertArrayEquals(new float[] {2f / 3, 1, 2f / 3}, score(m, 0, 1), EPS);
        assertArrayEquals(new float[] {0, 0, 0}, score(m, 2), EPS);

        // locality q = 2 squares the kept values
        ItemKnn.ItemKnnModel sq = fit(new ItemKnn(1, 0, Similarity.ASYMMETRIC, 0, 2, Normalization.NONE, false), tiny(null));
        assertArrayEquals(new float[] {4f / 9, 4f / 9}, sq.rowWeights(1), EPS);
        assertArrayEquals(new float[] {1f}, sq.rowWeights(0), EPS);
    }

    @Test
    void cosineRowsAndNormalisation() {
        // all pairs kept: row 0 = {1: 2/sqrt6, 2: 1/2}, row 1 = {0: 2/sqrt6, 2: 2/sqrt6}, row 2 = {0: 1/2, 1: 2/sqrt6}
        float c01 = (float) (2 / Math.sqrt(6));
        ItemKnn.ItemKnnModel none = fit(new ItemKnn(5, 0, Similarity.COSINE, 0.5, 1, Normalization.NONE, false), tiny(null));
        assertArrayEquals(new int[] {1, 2}, none.rowItems(0));
        assertArrayEquals(new float[] {c01, 0.5f}, none.rowWeights(0), EPS);
        // history {0, 2}: item 0 gets row 2 (1/2), item 1 gets rows 0 and 2 (2 · 2/sqrt6), item 2 gets row 0 (1/2)
        assertArrayEquals(new float[] {0.5f, 2 * c01, 0.5f}, score(none, 0, 2), EPS);

        ItemKnn.ItemKnnModel sum = fit(new ItemKnn(5, 0, Similarity.COSINE, 0.5, 1, Normalization.SUM, false), tiny(null));
        assertArrayEquals(new float[] {c01 / (c01 + 0.5f), 0.5f / (c01 + 0.5f)}, sum.rowWeights(0), EPS);
        assertArrayEquals(new float[] {0.5f, 0.5f}, sum.rowWeights(1), EPS);

        ItemKnn.ItemKnnModel max = fit(new ItemKnn(5, 0, Similarity.COSINE, 0.5, 1, Normalization.MAX, false), tiny(null));
        assertArrayEquals(new float[] {1f, 0.5f / c01}, max.rowWeights(0), EPS);
    }

    @Test
    void valuesWeightTheDotProductsAndTheHistory() {
        // user 0: {0: 1, 1: 2}, user 1: {0: 2, 1: 1, 2: 1}, user 2: {1: 1, 2: 3}
        // ‖0‖² = 5, ‖1‖² = 6, ‖2‖² = 10; dot(0,1) = 1·2 + 2·1 = 4, dot(0,2) = 2, dot(1,2) = 1 + 3 = 4
        Interactions x = tiny(new float[][] {{1, 2}, {2, 1, 1}, {1, 3}});
        ItemKnn.ItemKnnModel m = fit(new ItemKnn(5, 0, Similarity.COSINE, 0.5, 1, Normalization.NONE, true), x);
        assertArrayEquals(new float[] {(float) (4 / Math.sqrt(30)), (float) (2 / Math.sqrt(50))}, m.rowWeights(0), EPS);
        float[] s = new float[3];
        m.score(UserQuery.anonymous(History.of(new int[] {0}, new long[] {0}, new float[] {3f})), s);
        assertArrayEquals(new float[] {0, (float) (3 * 4 / Math.sqrt(30)), (float) (3 * 2 / Math.sqrt(50))}, s, EPS);
    }

    @Test
    void sparseFitEqualsDenseReferenceAndIgnoresThreadCount() {
        long seed = 99;
        SplittableRandom rng = new SplittableRandom(seed);
        int nu = 40;
        int ni = 25;
        Interactions.Builder b = Interactions.builder().setDimensions(nu, ni);
        Interactions.Builder signed = Interactions.builder().setDimensions(nu, ni);
        for (int u = 0; u < nu; u++) {
            for (int i = 0; i < ni; i++) {
                if (rng.nextDouble() < 0.12 + 0.3 * (i % 3 == 0 ? 1 : 0)) {
                    b.add(u, i, 1 + rng.nextInt(5), u * 100L + i);
                    // signed values make accumulators cross 0 (the fit's touched-list edge case)
                    signed.add(u, i, rng.nextInt(5) - 2, u * 100L + i);
                }
            }
        }
        check(b.build());
        check(signed.build());
    }

    private static void check(Interactions x) {
        int ni = x.numItems();
        for (Similarity sim : Similarity.values()) {
            for (boolean values : new boolean[] {false, true}) {
                ItemKnn alg = new ItemKnn(4, 2, sim, 0.3, 1.7, Normalization.NONE, values);
                ItemKnn.ItemKnnModel one = fit(alg, x);
                ItemKnn.ItemKnnModel three = alg.fit(TrainingData.of(x), new FitContext(1, 3, Progress.silent()));
                float[][] dense = denseReference(x, alg);
                for (int i = 0; i < ni; i++) {
                    float[] row = new float[ni];
                    int[] ids = one.rowItems(i);
                    float[] w = one.rowWeights(i);
                    for (int t = 0; t < ids.length; t++) {
                        row[ids[t]] = w[t];
                    }
                    assertArrayEquals(dense[i], row, 1e-5f, sim + " values=" + values + " row " + i);
                    assertArrayEquals(ids, three.rowItems(i));
                    assertArrayEquals(w, three.rowWeights(i));
                }
            }
        }
    }

    /** Dense W[i][j]: all similarities, then the top {@code neighbors} sources per candidate column. */
    private static float[][] denseReference(Interactions x, ItemKnn alg) {
        int ni = x.numItems();
        double[][] r = new double[x.numUsers()][ni];
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                r[u][x.item(p)] = alg.values() ? x.value(p) : 1;
            }
        }
        double[] sq = new double[ni];
        double[][] dot = new double[ni][ni];
        for (double[] row : r) {
            for (int i = 0; i < ni; i++) {
                sq[i] += row[i] * row[i];
                for (int j = 0; j < ni; j++) {
                    dot[i][j] += row[i] * row[j];
                }
            }
        }
        float[][] w = new float[ni][ni];
        for (int j = 0; j < ni; j++) {
            int cand = j;
            double[] s = new double[ni];
            for (int i = 0; i < ni; i++) {
                s[i] = i == j || dot[i][j] == 0 ? 0 : (float) alg.similarity().of(dot[i][j], sq[j], sq[i], alg.alpha(), alg.shrink());
            }
            Integer[] order = IntStream.range(0, ni).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
            for (int t = 0; t < alg.neighbors() && s[order[t]] > 0; t++) {
                w[order[t]][cand] = (float) Math.pow((float) s[order[t]], alg.locality());
            }
        }
        return w;
    }

    @Test
    void parametersParseValidateAndRegister() {
        ItemKnn k = ItemKnn.fromParams(Map.of("neighbors", "30", "shrink", "5", "similarity", "Jaccard",
                "alpha", "0.2", "locality", "3", "normalize", "sum", "values", "true"));
        assertEquals(new ItemKnn(30, 5, Similarity.JACCARD, 0.2, 3, Normalization.SUM, true), k);
        assertEquals(new ItemKnn(), ItemKnn.fromParams(Map.of()));
        assertEquals("jaccard", k.params().get("similarity"));
        assertEquals(new ItemKnn(5, ItemKnn.DEFAULT_SHRINK, ItemKnn.DEFAULT_SIMILARITY, ItemKnn.DEFAULT_ALPHA,
                ItemKnn.DEFAULT_LOCALITY, ItemKnn.DEFAULT_NORMALIZE, false), AlgorithmRegistry.create("itemknn:neighbors=5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemKnn.fromParams(Map.of("neighbours", "5")))
                .getMessage().contains("'neighbours'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemKnn.fromParams(Map.of("neighbors", "0")))
                .getMessage().contains(">= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemKnn.fromParams(Map.of("alpha", "1.5")))
                .getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemKnn.fromParams(Map.of("similarity", "pearson")))
                .getMessage().contains("cosine, asymmetric, jaccard"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemKnn.fromParams(Map.of("shrink", "-1")))
                .getMessage().contains("shrink"));
        assertEquals(6, AlgorithmRegistry.searchSpace("itemknn").params().size());
    }
}
