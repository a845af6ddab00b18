package ai.affinity.server.retrieval;

import ai.affinity.data.History;
import ai.affinity.model.Model;
import ai.affinity.model.Recommender;
import ai.affinity.model.TopK;
import ai.affinity.model.UserQuery;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RetrieverTest {
    /** A dot-product model: the user vector is the mean of the history's item vectors. */
    private static final int ITEMS = 50;
    private static final int DIM = 4;
    private static final float[][] VECTORS = new float[ITEMS][DIM];

    static {
        Random r = new Random(7);
        for (float[] v : VECTORS) {
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian();
            }
        }
    }

    static float[] userVector(UserQuery q) {
        if (q.history().isEmpty()) {
            return null;
        }
        float[] u = new float[DIM];
        for (int i = 0; i < q.history().size(); i++) {
            for (int d = 0; d < DIM; d++) {
                u[d] += VECTORS[q.history().item(i)][d];
            }
        }
        return u;
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int d = 0; d < DIM; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    static final Model MODEL = new Model() {
        @Override
        public int numItems() {
            return ITEMS;
        }

        @Override
        public void score(UserQuery query, float[] out) {
            float[] u = userVector(query);
            for (int i = 0; i < ITEMS; i++) {
                out[i] = u == null ? 0 : dot(u, VECTORS[i]);
            }
        }
    };

    /** An exact "index": the true top-n by inner product. */
    static final ItemCandidates EXACT = (u, n) -> {
        float[] s = new float[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            s[i] = dot(u, VECTORS[i]);
        }
        return TopK.select(s, n);
    };

    @Test
    void bruteForceMatchesTheRecommender() {
        UserQuery q = UserQuery.anonymous(History.ofItems(3, 9));
        boolean[] excluded = new boolean[ITEMS];
        Recommender.markHistory(q.history(), excluded);
        Retriever.Ranked r = BruteForceRetriever.INSTANCE.topK(MODEL, q, 5, excluded);
        assertArrayEquals(new Recommender(MODEL).recommend(q, 5, true, null), r.items());
        float[] all = new float[ITEMS];
        MODEL.score(q, all);
        for (int i = 0; i < r.items().length; i++) {
            assertEquals(all[r.items()[i]], r.scores()[i]);
        }
    }

    @Test
    void candidateRetrievalWithAnExactIndexEqualsBruteForce() {
        CandidateRetriever cr = new CandidateRetriever(RetrieverTest::userVector, EXACT, 10);
        for (int a = 0; a < ITEMS; a += 7) {
            UserQuery q = UserQuery.anonymous(History.ofItems(a, (a + 1) % ITEMS));
            boolean[] excluded = new boolean[ITEMS];
            Recommender.markHistory(q.history(), excluded);
            assertArrayEquals(BruteForceRetriever.INSTANCE.topK(MODEL, q, 5, excluded).items(),
                    cr.topK(MODEL, q, 5, excluded).items(), "query " + a);
        }
        // No vector (empty history): falls back to brute force.
        UserQuery empty = UserQuery.anonymous(History.empty());
        assertArrayEquals(BruteForceRetriever.INSTANCE.topK(MODEL, empty, 3, null).items(), cr.topK(MODEL, empty, 3, null).items());
    }

    @Test
    void candidatesBoundWhatCanBeReturned() {
        // An index that only ever offers items 0..4: the answer is the best of those, re-ranked exactly.
        ItemCandidates narrow = (u, n) -> new int[]{4, 3, 2, 1, 0};
        CandidateRetriever cr = new CandidateRetriever(RetrieverTest::userVector, narrow, 5);
        UserQuery q = UserQuery.anonymous(History.ofItems(10));
        Retriever.Ranked r = cr.topK(MODEL, q, 3, null);
        float[] s = new float[ITEMS];
        MODEL.score(q, s);
        assertArrayEquals(TopK.select(s, 3, null, new int[]{0, 1, 2, 3, 4}), r.items());
    }
}
