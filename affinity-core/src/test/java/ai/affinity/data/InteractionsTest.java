package ai.affinity.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionsTest {
    @Test
    void rowsAreOrderedByTimeThenItem() {
        Interactions.Builder b = Interactions.builder();
        b.add(0, 5, 1f, 30);
        b.add(0, 2, 1f, 10);
        b.add(0, 7, 1f, 10);
        b.add(1, 1, 2f, 5);
        Interactions x = b.build();
        assertEquals(2, x.numUsers());
        assertEquals(8, x.numItems());
        assertArrayEquals(new int[] {2, 7, 5}, x.history(0).items());
        assertArrayEquals(new long[] {10, 10, 30}, x.history(0).timestamps());
        assertEquals(1, x.userCount(1));
        assertEquals(2f, x.value(x.start(1)));
    }

    @Test
    void duplicatesMergedByPolicyAndCounted() {
        for (DuplicatePolicy p : DuplicatePolicy.values()) {
            Interactions.Builder b = Interactions.builder().optDuplicatePolicy(p);
            b.add(0, 1, 2f, 100);
            b.add(0, 1, 5f, 50);
            b.add(0, 1, 3f, 200);
            Interactions x = b.build();
            assertEquals(1, x.numEvents(), p.name());
            assertEquals(200, x.timestamp(0), "merged event keeps the latest time");
            float expected = switch (p) {
                case LAST -> 3f;
                case FIRST -> 5f;
                case SUM -> 10f;
                case MAX -> 5f;
            };
            assertEquals(expected, x.value(0), p.name());
            assertEquals(2, b.stats().merged());
            assertEquals(1, b.stats().added());
        }
    }

    @Test
    void thresholdAndNanAreSkippedWithReasons() {
        Interactions.Builder b = Interactions.builder().optMinValue(4f);
        assertTrue(b.add(0, 0, 4f, 0));
        assertFalse(b.add(0, 1, 3.5f, 0));
        assertFalse(b.add(0, 2, Float.NaN, 0));
        Interactions x = b.build();
        assertEquals(1, x.numEvents());
        assertEquals(2, b.stats().skippedTotal());
        assertEquals(2, b.stats().skipped().size());
    }

    @Test
    void fixedDimensionsAreEnforced() {
        Interactions.Builder b = Interactions.builder().setDimensions(2, 3);
        assertThrows(IllegalArgumentException.class, () -> b.add(2, 0, 1f, 0));
        assertThrows(IllegalArgumentException.class, () -> b.add(0, -1, 1f, 0));
        b.add(1, 2, 1f, 0);
        Interactions x = b.build();
        assertEquals(2, x.numUsers());
        assertEquals(3, x.numItems());
    }

    @Test
    void itemViewMatchesRows() {
        SplittableRandom rng = new SplittableRandom(7);
        Interactions.Builder b = Interactions.builder().setDimensions(30, 20);
        for (int k = 0; k < 300; k++) {
            b.add(rng.nextInt(30), rng.nextInt(20), 1 + rng.nextInt(5), rng.nextInt(1000));
        }
        Interactions x = b.build();
        Interactions.ItemView v = x.byItem();
        int[] counts = x.itemCounts();
        int total = 0;
        for (int i = 0; i < 20; i++) {
            assertEquals(counts[i], v.itemCount(i));
            for (int p = v.start(i); p < v.end(i); p++) {
                int u = v.user(p);
                assertTrue(x.contains(u, i));
                if (p > v.start(i)) {
                    assertTrue(v.user(p - 1) < u, "users ascending within an item");
                }
            }
            total += v.itemCount(i);
        }
        assertEquals(x.numEvents(), total);
    }

    @Test
    void idMapIsAppendOnlyAndRoundTrips() {
        IdMap m = new IdMap();
        assertEquals(0, m.add("a"));
        assertEquals(1, m.add("123456789012345678901234567890"));
        assertEquals(0, m.add("a"));
        assertEquals(-1, m.indexOf("zzz"));
        assertEquals("123456789012345678901234567890", m.id(1));
        assertThrows(java.util.NoSuchElementException.class, () -> m.require("zzz"));
        assertThrows(IllegalArgumentException.class, () -> m.add(""));
    }

    @Test
    void historyKeepsTimeOrder() {
        History h = History.of(new int[] {3, 1, 2}, new long[] {30, 10, 20}, new float[] {1, 1, 1});
        assertArrayEquals(new int[] {1, 2, 3}, h.items());
        assertArrayEquals(new int[] {2, 3}, h.last(2).items());
        History more = h.plus(History.of(new int[] {9}, new long[] {15}, new float[] {1}));
        assertArrayEquals(new int[] {1, 9, 2, 3}, more.items());
    }
}
