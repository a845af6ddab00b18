package ai.affinity.data.synthetic;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemContent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deep comparison of data sets (records holding arrays compare arrays by identity, so field by field). */
final class DatasetAssertions {
    private DatasetAssertions() {
    }

    /**
     * Asserts same ids (in order), events, item content and user features. Media paths are not
     * compared; audio samples may differ by {@code audioTolerance} (0 for exact).
     */
    static void assertSameData(Dataset expected, Dataset actual, float audioTolerance) {
        assertEquals(expected.userIds().ids(), actual.userIds().ids(), "user ids");
        assertEquals(expected.itemIds().ids(), actual.itemIds().ids(), "item ids");
        Interactions a = expected.interactions();
        Interactions b = actual.interactions();
        assertEquals(a.numEvents(), b.numEvents(), "events");
        for (int u = 0; u < a.numUsers(); u++) {
            assertEquals(a.start(u), b.start(u), "start of user " + u);
            assertEquals(a.end(u), b.end(u), "end of user " + u);
        }
        for (int p = 0; p < a.numEvents(); p++) {
            assertEquals(a.item(p), b.item(p), "item at " + p);
            assertEquals(a.value(p), b.value(p), "value at " + p);
            assertEquals(a.timestamp(p), b.timestamp(p), "timestamp at " + p);
        }
        for (int i = 0; i < expected.numItems(); i++) {
            assertSameContent(expected.items().get(i), actual.items().get(i), audioTolerance, "item " + i);
        }
        for (int u = 0; u < expected.numUsers(); u++) {
            assertEquals(expected.users().get(u), actual.users().get(u), "features of user " + u);
        }
    }

    static void assertSameContent(ItemContent x, ItemContent y, float audioTolerance, String what) {
        assertEquals(x.title(), y.title(), what + " title");
        assertEquals(x.text(), y.text(), what + " text");
        assertEquals(x.categorical(), y.categorical(), what + " categorical");
        assertEquals(x.numeric(), y.numeric(), what + " numeric");
        assertEquals(x.firstSeen(), y.firstSeen(), what + " firstSeen");
        if (x.image() == null) {
            assertNull(y.image(), what + " image");
        } else {
            assertNotNull(y.image(), what + " image");
            assertEquals(x.image().width(), y.image().width(), what + " width");
            assertEquals(x.image().height(), y.image().height(), what + " height");
            assertEquals(x.image().channels(), y.image().channels(), what + " channels");
            assertArrayEquals(x.image().pixels(), y.image().pixels(), what + " pixels");
        }
        if (x.audio() == null) {
            assertNull(y.audio(), what + " audio");
        } else {
            assertNotNull(y.audio(), what + " audio");
            assertEquals(x.audio().sampleRate(), y.audio().sampleRate(), what + " sample rate");
            float[] s = x.audio().samples();
            float[] t = y.audio().samples();
            assertEquals(s.length, t.length, what + " samples");
            for (int k = 0; k < s.length; k++) {
                float d = Math.abs(s[k] - t[k]);
                if (d > audioTolerance) {
                    assertTrue(false, what + " sample " + k + ": " + s[k] + " vs " + t[k]);
                }
            }
        }
    }
}
