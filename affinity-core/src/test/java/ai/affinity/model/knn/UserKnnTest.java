package ai.affinity.model.knn;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelStore;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User-kNN on the hand matrix of {@link ItemKnnTest}: user 0 has items {0, 1}, user 1 {0, 1, 2},
 * user 2 {1, 2}.
 */
class UserKnnTest {
    private static final float EPS = 1e-6f;

    private static Model fit(UserKnn alg, Interactions x) {
        return alg.fit(TrainingData.of(x), FitContext.seeded(1));
    }

    private static float[] score(Model m, int user, int... history) {
        float[] s = new float[m.numItems()];
        m.score(new UserQuery(user, History.ofItems(history), UserFeatures.none()), s);
        return s;
    }

    @Test
    void anonymousHistoryCosine() {
        // query {0}: dot with user 0 = 1 (cos 1/sqrt2), user 1 = 1 (cos 1/sqrt3), user 2 = 0 (not a neighbour)
        float c0 = (float) (1 / Math.sqrt(2));
        float c1 = (float) (1 / Math.sqrt(3));
        Interactions x = ItemKnnTest.tiny(null);
        Model two = fit(new UserKnn(2, 0, Similarity.COSINE, 0.5, 1, false), x);
        assertArrayEquals(new float[] {c0 + c1, c0 + c1, c1}, score(two, -1, 0), EPS);
        Model one = fit(new UserKnn(1, 0, Similarity.COSINE, 0.5, 1, false), x);
        assertArrayEquals(new float[] {c0, c0, 0}, score(one, -1, 0), EPS);
        // asymmetric alpha = 0.3: 1 / (|q|^0.3 · |v|^0.7)
        Model asym = fit(new UserKnn(1, 0, Similarity.ASYMMETRIC, 0.3, 1, false), x);
        float a0 = (float) (1 / Math.pow(2, 0.7));
        assertArrayEquals(new float[] {a0, a0, 0}, score(asym, -1, 0), EPS);
    }

    @Test
    void knownUserIsNotTheirOwnNeighbour() {
        // user 0, history {0, 1}: user 1 has cos 2/sqrt6, user 2 has cos 1/2; user 0 itself is skipped
        float c1 = (float) (2 / Math.sqrt(6));
        Interactions x = ItemKnnTest.tiny(null);
        Model m = fit(new UserKnn(5, 0, Similarity.COSINE, 0.5, 1, false), x);
        assertArrayEquals(new float[] {c1, c1 + 0.5f, c1 + 0.5f}, score(m, 0, 0, 1), EPS);
        // locality 2 squares neighbour weights
        Model sq = fit(new UserKnn(5, 0, Similarity.COSINE, 0.5, 2, false), x);
        assertArrayEquals(new float[] {4f / 6, 4f / 6 + 0.25f, 4f / 6 + 0.25f}, score(sq, 0, 0, 1), EPS);
        // jaccard with shrink 1: user 1 = 2 / (2 + 3 - 2 + 1), user 2 = 1 / (2 + 2 - 1 + 1)
        Model jac = fit(new UserKnn(5, 1, Similarity.JACCARD, 0.5, 1, false), x);
        assertArrayEquals(new float[] {0.5f, 0.75f, 0.75f}, score(jac, 0, 0, 1), EPS);
        // the same history as an unknown user also counts user 0 (cos 1): +1 on items 0 and 1
        assertArrayEquals(new float[] {c1 + 1, c1 + 1.5f, c1 + 0.5f}, score(m, -1, 0, 1), EPS);
    }

    @Test
    void valuesWeightSimilarityAndVotes() throws Exception {
        // user 0: {0: 1, 1: 2}, user 1: {0: 2, 1: 1, 2: 1}, user 2: {1: 1, 2: 3}; query {2: 1}
        // dots: user 1 = 1, user 2 = 3; ‖q‖² = 1, ‖1‖² = 6, ‖2‖² = 10 → cos 1/sqrt6, 3/sqrt10
        Interactions x = ItemKnnTest.tiny(new float[][] {{1, 2}, {2, 1, 1}, {1, 3}});
        Model m = fit(new UserKnn(5, 0, Similarity.COSINE, 0.5, 1, true), x);
        float s1 = (float) (1 / Math.sqrt(6));
        float s2 = (float) (3 / Math.sqrt(10));
        float[] expected = {2 * s1, s1 + s2, s1 + 3 * s2};
        assertArrayEquals(expected, score(m, -1, 2), EPS);
        Model loaded = ModelStore.fromBytes(ModelStore.toBytes(m));
        assertArrayEquals(expected, score(loaded, -1, 2), EPS);
    }

    @Test
    void unknownItemsAndEmptyHistoriesScoreZero() {
        Model m = fit(new UserKnn(), ItemKnnTest.tiny(null));
        assertArrayEquals(new float[3], score(m, -1));
        float[] s = new float[3];
        m.score(UserQuery.anonymous(History.ofItems(7)), s);
        assertArrayEquals(new float[3], s);
    }

    @Test
    void parametersParseValidateAndRegister() {
        assertEquals(new UserKnn(30, 5, Similarity.COSINE, 0.2, 3, true), UserKnn.fromParams(
                Map.of("neighbors", "30", "shrink", "5", "similarity", "cosine", "alpha", "0.2", "locality", "3",
                        "values", "yes")));
        assertEquals(new UserKnn(), AlgorithmRegistry.create("userknn"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserKnn.fromParams(Map.of("normalize", "sum")))
                .getMessage().contains("no parameter 'normalize'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserKnn.fromParams(Map.of("locality", "0")))
                .getMessage().contains("locality"));
        assertEquals(5, AlgorithmRegistry.searchSpace("userknn").params().size());
    }
}
