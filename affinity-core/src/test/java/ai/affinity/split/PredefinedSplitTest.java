package ai.affinity.split;

import ai.affinity.data.Interactions;
import org.junit.jupiter.api.Test;

import static ai.affinity.split.SplitFixtures.assertDisjoint;
import static ai.affinity.split.SplitFixtures.assertSameSplit;
import static ai.affinity.split.SplitFixtures.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredefinedSplitTest {
    @Test
    void wrapsTheGivenMatricesAndReportsSizes() {
        Interactions x = SplitFixtures.random50x40();
        Split r = RandomHoldout.split(x, 0.2, 9);
        PredefinedSplit p = new PredefinedSplit(r.train(), r.test(), "u1.base", "u1.test");
        Split s = p.split(x, 0);
        assertSame(r.train(), s.train());
        assertSame(r.test(), s.test());
        assertDisjoint(s.train(), s.test());
        SplitFixtures.assertPartition(x, s.train(), s.test());
        assertEquals("predefined", s.protocol());
        assertEquals(0L, s.params().get("overlap_pairs"));
        assertEquals("u1.base", s.params().get("train"));
        assertEquals("u1.test", s.params().get("test"));
        assertEquals(r.test().numEvents(), s.params().get("test_events"));
        assertSameSplit(s, p.split(x, 1));
    }

    @Test
    void overlapIsCountedNotFatal() {
        // Pairs (0,2) and (1,1) are in both parts: 2 overlapping pairs.
        Interactions train = of(2, 4, new long[] {0, 1, 1}, new long[] {0, 2, 2}, new long[] {1, 1, 3});
        Interactions test = of(2, 4, new long[] {0, 2, 5}, new long[] {1, 3, 6}, new long[] {1, 1, 7});
        Split s = new PredefinedSplit(train, test, "a", "b").split();
        assertEquals(2L, s.params().get("overlap_pairs"));
        assertEquals(3, s.params().get("train_events"));
        assertEquals(2, s.params().get("test_users"));
    }

    @Test
    void dimensionsMustAgree() {
        Interactions a = Interactions.empty(3, 4);
        Interactions b = Interactions.empty(3, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PredefinedSplit(a, b, "u1.base", "u1.test"));
        assertTrue(e.getMessage().contains("u1.test"), e.getMessage());
        PredefinedSplit p = new PredefinedSplit(a, a, "x", "y");
        assertThrows(IllegalArgumentException.class, () -> p.split(Interactions.empty(4, 4), 0));
    }
}
