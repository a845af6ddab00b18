package ai.affinity.deep.content.text;

import ai.affinity.data.ItemContent;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * all-MiniLM-L6-v2 loads from the Maven artifact alone (surefire runs with ai.djl.offline=true;
 * the benchmark was also run in a namespace without network) and embeds meaningfully.
 */
class MiniLmTextEncoderTest {
    private static MiniLmTextEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = MiniLmTextEncoder.create(new MiniLmTextEncoder.Config(2, 4, 64));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void similarMeaningsAreCloserAndVectorsAreUnitLength() {
        float[][] v = encoder.embedTexts(List.of("A hilarious comedy about two friends on a road trip.",
                "A funny buddy movie: laughs on the highway.",
                "A grim documentary about the history of nuclear weapons."), Progress.silent());
        assertEquals(384, v[0].length);
        for (float[] row : v) {
            assertEquals(1.0, Math.sqrt(dot(row, row)), 1e-4);
        }
        assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.1, dot(v[0], v[1]) + " vs " + dot(v[0], v[2]));
    }

    @Test
    void itemsWithoutTextGetZerosAndBatchingDoesNotChangeVectors() {
        List<ItemContent> items = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            items.add(new ItemContent("Item " + i + " " + "word ".repeat(i), "Some text number " + i,
                    Map.of("genre", List.of(i % 2 == 0 ? "Drama" : "Comedy")), Map.of(), null, null, 0));
        }
        items.add(ItemContent.empty());
        float[][] all = encoder.encode(items, Progress.silent());
        assertArrayEquals(new float[384], all[9]);
        float[] alone = encoder.encodeOne(items.get(3));
        assertArrayEquals(alone, all[3], 1e-5f);
        assertEquals("Item 3 word word word. genre: Comedy. Some text number 3", ItemText.of(items.get(3)));
    }
}
