package ai.affinity.server.retrieval;

import ai.affinity.ann.HnswParams;
import ai.affinity.data.History;
import ai.affinity.model.Model;
import ai.affinity.model.UserQuery;
import ai.affinity.model.VectorModel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnRetrieverTest {
    private static final int ITEMS = 3000;
    private static final int DIM = 8;

    /** Scores are inner products of the mean history vector with the item vectors (plus norms that vary). */
    static final class DotModel implements VectorModel {
        final float[][] items = new float[ITEMS][DIM];

        DotModel(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (float[] v : items) {
                double scale = Math.exp(0.5 * (r.nextDouble() - 0.5));
                for (int d = 0; d < DIM; d++) {
                    v[d] = (float) (scale * (r.nextDouble() * 2 - 1));
                }
            }
        }

        @Override
        public int dim() {
            return DIM;
        }

        @Override
        public float[] userVector(UserQuery q) {
            float[] u = new float[DIM];
            for (int i = 0; i < q.history().size(); i++) {
                for (int d = 0; d < DIM; d++) {
                    u[d] += items[q.history().item(i)][d];
                }
            }
            return u;
        }

        @Override
        public float[] itemVector(int item) {
            return items[item].clone();
        }

        @Override
        public int numItems() {
            return ITEMS;
        }

        @Override
        public void score(UserQuery query, float[] out) {
            float[] u = userVector(query);
            for (int i = 0; i < ITEMS; i++) {
                float s = 0;
                for (int d = 0; d < DIM; d++) {
                    s += u[d] * items[i][d];
                }
                out[i] = s;
            }
        }
    }

    @Test
    void sameTopKAsBruteForceWithHighEf() {
        DotModel model = new DotModel(3);
        AnnRetriever ann = new AnnRetriever(0, HnswParams.defaults().withEfSearch(400));
        ann.prepare(model);
        assertTrue(ann.covers(model));
        SplittableRandom r = new SplittableRandom(11);
        for (int q = 0; q < 30; q++) {
            int[] seen = {r.nextInt(ITEMS), r.nextInt(ITEMS), r.nextInt(ITEMS)};
            UserQuery query = UserQuery.anonymous(History.ofItems(seen));
            boolean[] excluded = new boolean[ITEMS];
            for (int s : seen) {
                excluded[s] = true;
            }
            Retriever.Ranked exact = BruteForceRetriever.INSTANCE.topK(model, query, 10, excluded);
            Retriever.Ranked got = ann.topK(model, query, 10, excluded);
            assertArrayEquals(exact.items(), got.items(), "query " + q);
            assertArrayEquals(exact.scores(), got.scores(), 1e-4f);
            for (int id : got.items()) {
                assertFalse(excluded[id]);
            }
        }
    }

    @Test
    void smallCataloguesAndPlainModelsStayOnBruteForce() {
        DotModel model = new DotModel(3);
        AnnRetriever ann = new AnnRetriever(ITEMS + 1, HnswParams.defaults());
        ann.prepare(model);
        assertFalse(ann.covers(model));
        Model plain = new Model() {
            @Override
            public int numItems() {
                return 3;
            }

            @Override
            public void score(UserQuery query, float[] out) {
                out[0] = 1;
                out[1] = 3;
                out[2] = 2;
            }
        };
        AnnRetriever all = new AnnRetriever(0, HnswParams.defaults());
        all.prepare(plain);
        assertFalse(all.covers(plain));
        assertArrayEquals(new int[] {1, 2}, all.topK(plain, UserQuery.anonymous(History.ofItems(0)), 2, null).items());
    }

    @Test
    void itemAddedToTheIndexIsReachable() {
        DotModel model = new DotModel(5);
        AnnRetriever ann = new AnnRetriever(0, HnswParams.defaults());
        ann.prepare(model);
        float[] v = new float[DIM];
        java.util.Arrays.fill(v, 5f); // far longer than any item: the best match for an all-positive query
        int id = ann.index(model).add(v);
        assertEquals(ITEMS, id);
        float[] q = new float[DIM];
        java.util.Arrays.fill(q, 1f);
        assertEquals(ITEMS, ann.index(model).search(q, 1).ids()[0]);
        // Model requests only return the model's own items.
        UserQuery query = UserQuery.anonymous(History.ofItems(0));
        for (int i : ann.topK(model, query, 5, null).items()) {
            assertTrue(i < ITEMS);
        }
    }
}
