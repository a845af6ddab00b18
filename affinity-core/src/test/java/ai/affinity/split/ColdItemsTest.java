package ai.affinity.split;

import ai.affinity.data.Interactions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static ai.affinity.split.SplitFixtures.assertPartition;
import static ai.affinity.split.SplitFixtures.assertSameSplit;
import static ai.affinity.split.SplitFixtures.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColdItemsTest {
    private final Interactions x = SplitFixtures.random50x40();

    @Test
    void coldItemsAreOnlyInTestAndAreTheCandidates() {
        Split s = new ColdItems(0.25).split(x, 5);
        assertPartition(x, s.train(), s.test());
        assertSame(s.train(), s.queryHistory());
        int[] cold = s.candidates();
        int active = x.numActiveItems();
        assertEquals(Math.round(active * 0.25), cold.length);
        int[] sorted = cold.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, cold, "candidates ascending");
        int[] trainCounts = s.train().itemCounts();
        int[] testCounts = s.test().itemCounts();
        int[] allCounts = x.itemCounts();
        boolean[] isCold = new boolean[x.numItems()];
        for (int i : cold) {
            isCold[i] = true;
            assertTrue(allCounts[i] > 0, "cold item " + i + " has events");
            assertEquals(0, trainCounts[i], "cold item " + i + " has no training event");
            assertEquals(allCounts[i], testCounts[i], "all events of cold item " + i + " in test");
        }
        for (int i = 0; i < x.numItems(); i++) {
            if (!isCold[i]) {
                assertEquals(0, testCounts[i], "warm item " + i + " not in test");
            }
        }
        assertEquals(cold.length, s.params().get("cold_items"));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        ColdItems p = new ColdItems(0.2);
        assertSameSplit(p.split(x, 1), p.split(x, 1));
        assertFalse(Arrays.equals(p.split(x, 1).candidates(), p.split(x, 2).candidates()));
    }

    @Test
    void tinyCaseByHand() {
        // 10 item slots, 5 active (items 1, 3, 5, 7, 9); fraction 0.4 -> 2 cold items.
        Interactions t = of(2, 10, new long[] {0, 1, 1}, new long[] {0, 3, 2}, new long[] {0, 5, 3},
                new long[] {1, 7, 1}, new long[] {1, 9, 2}, new long[] {1, 1, 3});
        Split s = new ColdItems(0.4).split(t, 8);
        assertEquals(2, s.candidates().length);
        for (int i : s.candidates()) {
            assertEquals(1, i % 2, "only active items can be cold");
        }
        assertEquals(5, s.params().get("active_items"));
        // Two active items at fraction 0.2: round(0.4) = 0, clamped up to 1; the other stays warm.
        Interactions t2 = of(1, 3, new long[] {0, 0, 1}, new long[] {0, 2, 2});
        Split s2 = new ColdItems(0.2).split(t2, 8);
        assertEquals(1, s2.candidates().length);
        assertEquals(1, s2.test().numEvents());
        assertEquals(1, s2.train().numEvents());
    }
}
