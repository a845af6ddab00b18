package ai.affinity.split;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;
import org.junit.jupiter.api.Test;

import static ai.affinity.split.SplitFixtures.assertPartition;
import static ai.affinity.split.SplitFixtures.assertSameSplit;
import static ai.affinity.split.SplitFixtures.of;
import static ai.affinity.split.SplitFixtures.sameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomHoldoutTest {
    private final Interactions x = SplitFixtures.random50x40();

    @Test
    void partitionsTheEvents() {
        Split s = new RandomHoldout(0.2).split(x, 7);
        assertPartition(x, s.train(), s.test());
        assertEquals("random", s.protocol());
        assertSame(s.train(), s.queryHistory());
        assertNull(s.candidates());
    }

    @Test
    void eachUserLosesTheRoundedFraction() {
        for (double f : new double[] {0.1, 0.2, 0.5, 0.8}) {
            Split s = new RandomHoldout(f).split(x, 3);
            for (int u = 0; u < x.numUsers(); u++) {
                int n = x.userCount(u);
                int expected = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * f)));
                assertEquals(expected, s.test().userCount(u), "user " + u + " with " + n + " events, fraction " + f
                        + ", " + SplitFixtures.describe());
                assertEquals(n - expected, s.train().userCount(u));
            }
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        RandomHoldout p = new RandomHoldout(0.2);
        assertSameSplit(p.split(x, 11), p.split(x, 11));
        assertFalse(sameEvents(p.split(x, 11).test(), p.split(x, 12).test()));
    }

    @Test
    void tinyCaseByHand() {
        // User 0: 4 events, fraction 0.25 -> exactly 1 test event. User 1: a single event -> train.
        // User 2: 2 events, round(2 * 0.25) = 1 -> 1 test event. User 3: no events.
        Interactions t = of(4, 6, new long[] {0, 0, 1}, new long[] {0, 1, 2}, new long[] {0, 2, 3},
                new long[] {0, 3, 4}, new long[] {1, 4, 5}, new long[] {2, 0, 1}, new long[] {2, 5, 9});
        Split s = RandomHoldout.split(t, 0.25, 42);
        assertEquals(1, s.test().userCount(0));
        assertEquals(3, s.train().userCount(0));
        assertEquals(0, s.test().userCount(1));
        assertEquals(1, s.train().userCount(1));
        assertEquals(1, s.test().userCount(2));
        assertEquals(2, s.params().get("test_events"));
        assertEquals(5, s.params().get("train_events"));
        assertEquals(2, s.params().get("test_users"));
        assertEquals(0.25, s.params().get("test_fraction"));
        assertEquals(42L, s.params().get("seed"));
        // Clamping: 2 events at fraction 0.9 round to 2, clamped to n - 1 = 1.
        assertEquals(1, RandomHoldout.split(t, 0.9, 1).test().userCount(2));
        // 3 of user 0's 4 events at fraction 0.75; the remaining one stays in train.
        assertEquals(3, RandomHoldout.split(t, 0.75, 1).test().userCount(0));
    }

    @Test
    void userDrawDoesNotDependOnOtherUsers() {
        // Removing every other user must not change the draw of user 5: generators are per (seed, user).
        assertTrue(x.userCount(5) >= 3, "fixture user 5 has enough events to split");
        Interactions only5 = onlyUser(x, 5);
        Split full = RandomHoldout.split(x, 0.3, 99);
        Split part = RandomHoldout.split(only5, 0.3, 99);
        assertTrue(sameEvents(part.test(), onlyUser(full.test(), 5)));
        assertTrue(sameEvents(part.train(), onlyUser(full.train(), 5)));
    }

    private static Interactions onlyUser(Interactions m, int u) {
        Interactions.Builder b = m.derive();
        for (int p = m.start(u); p < m.end(u); p++) {
            b.add(u, m.item(p), m.value(p), m.timestamp(p));
        }
        return b.build();
    }

    @Test
    void splitsADataset() {
        Dataset d = new Dataset("fixture", IdMap.ofRange(x.numUsers(), "u"), IdMap.ofRange(x.numItems(), "i"), x,
                new ItemCatalog(), new UserCatalog(), new LoadReport(), null);
        assertSameSplit(new RandomHoldout(0.2).split(x, 5), new RandomHoldout(0.2).split(d, 5));
    }

    @Test
    void rejectsBadFractions() {
        assertThrows(IllegalArgumentException.class, () -> new RandomHoldout(0));
        assertThrows(IllegalArgumentException.class, () -> new RandomHoldout(1));
        assertThrows(IllegalArgumentException.class, () -> new RandomHoldout(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RandomHoldout.split(x, -0.1, 1));
    }
}
