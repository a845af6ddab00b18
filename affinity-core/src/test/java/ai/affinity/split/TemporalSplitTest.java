package ai.affinity.split;

import ai.affinity.data.Interactions;
import org.junit.jupiter.api.Test;

import static ai.affinity.split.SplitFixtures.assertPartition;
import static ai.affinity.split.SplitFixtures.assertSameSplit;
import static ai.affinity.split.SplitFixtures.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalSplitTest {
    private final Interactions x = SplitFixtures.random50x40();

    /** The events the split dropped: users with no training event, all of whose events are after the cut. */
    private static Interactions dropped(Interactions x, Split s) {
        Interactions.Builder b = x.derive();
        for (int u = 0; u < x.numUsers(); u++) {
            if (s.train().userCount(u) == 0) {
                for (int p = x.start(u); p < x.end(u); p++) {
                    b.add(u, x.item(p), x.value(p), x.timestamp(p));
                }
            }
        }
        return b.build();
    }

    @Test
    void trainIsBeforeTestAndDropsAreCounted() {
        for (double f : new double[] {0.1, 0.2, 0.5}) {
            Split s = new TemporalSplit(f).split(x, 1);
            Interactions gone = dropped(x, s);
            assertPartition(x, s.train(), s.test(), gone);
            assertEquals((long) gone.numEvents(), s.params().get("dropped_test_events_no_history"));
            long maxTrain = s.train().maxTimestamp();
            long cut = (Long) s.params().get("cut_timestamp");
            assertTrue(maxTrain <= cut);
            for (int p = 0; p < s.test().numEvents(); p++) {
                assertTrue(s.test().timestamp(p) > cut, "test event after the cut");
                assertTrue(s.test().timestamp(p) > maxTrain, "every train timestamp <= every test timestamp");
            }
            for (int u = 0; u < x.numUsers(); u++) {
                if (s.test().userCount(u) > 0) {
                    assertTrue(s.train().userCount(u) > 0, "test user " + u + " has history");
                }
            }
            // Ties at the cut stay in train, so test holds at most the fraction (rounded up) of all events.
            assertTrue(s.test().numEvents() + gone.numEvents() <= Math.ceil(f * x.numEvents()) + 1e-9);
            assertSame(s.train(), s.queryHistory());
        }
    }

    @Test
    void deterministic() {
        TemporalSplit p = new TemporalSplit(0.2);
        assertSameSplit(p.split(x, 3), p.split(x, 3));
    }

    @Test
    void tinyCaseByHand() {
        // Ten events at times 1..10 over users 0 and 1; fraction 0.2: cut at sorted index
        // ceil(0.8 * 10) - 1 = 7, i.e. time 8; test holds times 9 and 10. User 2 has no events.
        Interactions t = of(3, 12, new long[] {0, 0, 1}, new long[] {0, 1, 3}, new long[] {0, 2, 5},
                new long[] {0, 3, 7}, new long[] {0, 4, 9}, new long[] {1, 5, 2}, new long[] {1, 6, 4},
                new long[] {1, 7, 6}, new long[] {1, 8, 8}, new long[] {1, 9, 10});
        Split s = new TemporalSplit(0.2).split(t, 0);
        assertEquals(8L, s.params().get("cut_timestamp"));
        assertEquals(2, s.test().numEvents());
        assertEquals(1, s.test().userCount(0));
        assertEquals(9L, s.test().timestamp(s.test().start(0)));
        assertEquals(10L, s.test().timestamp(s.test().start(1)));
        assertEquals(0L, s.params().get("dropped_test_events_no_history"));

        // A late user with no training event: 11 events, cut at index ceil(0.8 * 11) - 1 = 8 (time 9);
        // user 2's event at time 11 is after the cut and has no history: dropped.
        Interactions t2 = of(3, 12, new long[] {0, 0, 1}, new long[] {0, 1, 3}, new long[] {0, 2, 5},
                new long[] {0, 3, 7}, new long[] {0, 4, 9}, new long[] {1, 5, 2}, new long[] {1, 6, 4},
                new long[] {1, 7, 6}, new long[] {1, 8, 8}, new long[] {1, 9, 10}, new long[] {2, 11, 11});
        Split s2 = new TemporalSplit(0.2).split(t2, 0);
        assertEquals(9L, s2.params().get("cut_timestamp"));
        assertEquals(1, s2.test().numEvents());
        assertEquals(10L, s2.test().timestamp(0));
        assertEquals(1L, s2.params().get("dropped_test_events_no_history"));
        assertEquals(0, s2.test().userCount(2));
        assertEquals(0, s2.train().userCount(2));
    }

    @Test
    void tiesAtTheCutStayInTrain() {
        // Times 1, 2, 3, 3, 3; fraction 0.2: cut at index ceil(0.8 * 5) - 1 = 3, time 3: nothing is after it.
        Interactions t = of(1, 5, new long[] {0, 0, 1}, new long[] {0, 1, 2}, new long[] {0, 2, 3},
                new long[] {0, 3, 3}, new long[] {0, 4, 3});
        Split s = new TemporalSplit(0.2).split(t, 0);
        assertEquals(5, s.train().numEvents());
        assertEquals(0, s.test().numEvents());
    }

    @Test
    void emptyMatrix() {
        Split s = new TemporalSplit(0.2).split(Interactions.empty(3, 4), 0);
        assertEquals(0, s.train().numEvents());
        assertEquals(0, s.test().numEvents());
        assertEquals(3, s.test().numUsers());
    }

    @Test
    void rejectsBadFractions() {
        assertThrows(IllegalArgumentException.class, () -> new TemporalSplit(1.5));
    }
}
