package ai.affinity.deep.content;

import ai.affinity.data.ItemContent;
import ai.affinity.data.UserFeatures;
import ai.affinity.deep.train.Weights;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Attribute vocabularies and buckets, hand-computed; the embedding bag in DJL and in Java agree. */
class FeaturizerTest {
    private static ItemContent item(List<String> genres, Double year) {
        return new ItemContent("t", "", Map.of("genre", genres), year == null ? Map.of() : Map.of("year", year), null, null, 0);
    }

    @Test
    void vocabularyUnknownBucketAndQuantileBuckets() {
        List<ItemContent> items = List.of(item(List.of("Action", "Comedy"), 1990.0), item(List.of("Action"), 2000.0),
                item(List.of("Comedy"), 2010.0), item(List.of("Drama"), 2020.0));
        AttributeFeaturizer f = AttributeFeaturizer.fitItems(items, new AttributeFeaturizer.Options(2, 2));
        // ids: 0 genre=<unknown>, 1 Action, 2 Comedy (Drama seen once < minCount 2), 3 year=<missing>, 4 year#0, 5 year#1
        assertEquals(6, f.width());
        assertEquals("genre=Comedy", f.describe(2));
        assertEquals(0, f.idOf("genre", "Drama"));
        assertEquals(0, f.idOf("genre", "Western"));
        assertEquals(-1, f.idOf("mood", "x"));
        // Two buckets: the median edge is the value at index 2 of [1990, 2000, 2010, 2020] = 2010.
        assertEquals(4, f.bucketOf("year", 1995.0));
        assertEquals(5, f.bucketOf("year", 2010.0));
        assertEquals(5, f.bucketOf("year", 3000.0));
        assertEquals(3, f.bucketOf("year", null));
        SparseRows rows = f.itemIds(List.of(items.get(0), item(List.of("Western"), null)));
        assertArrayEquals(new int[] {1, 2, 4}, rows.rowIds(0));
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f}, rows.rowValues(0));
        assertArrayEquals(new int[] {0, 3}, rows.rowIds(1));
        // mean 2005, population std sqrt(125) = 11.18
        assertArrayEquals(new float[] {(float) (-15 / Math.sqrt(125))}, f.numeric(Map.of("year", 1990.0)), 1e-6f);
        assertArrayEquals(new float[] {0f}, f.numeric(Map.of()));
    }

    @Test
    void usersAndBadInput() {
        AttributeFeaturizer f = AttributeFeaturizer.fitUsers(List.of(
                new UserFeatures(Map.of("gender", "F"), Map.of("age", 20.0)),
                new UserFeatures(Map.of("gender", "M"), Map.of("age", 40.0))), new AttributeFeaturizer.Options(1, 4));
        SparseRows r = f.userIds(List.of(new UserFeatures(Map.of("gender", "F"), Map.of())));
        assertEquals(List.of("gender=F", "age=<missing>"),
                java.util.Arrays.stream(r.rowIds(0)).mapToObj(f::describe).toList());
        assertThrows(IllegalArgumentException.class, () -> AttributeFeaturizer.fitUsers(List.of(
                new UserFeatures(Map.of(), Map.of("age", Double.NaN))), AttributeFeaturizer.Options.defaults()));
    }

    @Test
    void embeddingBagForwardAndGradientMatchHandComputation() {
        SparseRows rows = new SparseRows.Builder(3).add(0, 0.5f).add(2, 2f).endRow().endRow().add(1, 1f).endRow().build();
        float[] table = {1, 2, 3, 4, 5, 6}; // [3, 2]
        try (NDManager m = NDManager.newBaseManager()) {
            Weights w = new Weights(m);
            NDArray t = w.add("t", table, 3, 2);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = EmbeddingBag.forward(m, t, rows, new int[] {0, 1, 2, 0});
                // row 0: 0.5*[1,2] + 2*[5,6] = [10.5, 13]; row 1 empty; row 2: [3,4]
                assertArrayEquals(new float[] {10.5f, 13, 0, 0, 3, 4, 10.5f, 13}, out.toFloatArray(), 1e-6f);
                gc.backward(out.sum());
            }
            // d sum / d table[id] = total weight of id over the selected rows (row 0 taken twice).
            assertArrayEquals(new float[] {1, 1, 1, 1, 4, 4}, t.getGradient().toFloatArray(), 1e-6f);
        }
        assertArrayEquals(new float[] {10.5f, 13}, EmbeddingBag.apply(table, 2, rows, 0), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new SparseRows.Builder(2).add(2, 1f).endRow().build());
    }
}
