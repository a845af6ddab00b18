package ai.affinity.split;

import ai.affinity.data.Interactions;
import org.junit.jupiter.api.Test;

import static ai.affinity.split.SplitFixtures.assertPartition;
import static ai.affinity.split.SplitFixtures.assertSameSplit;
import static ai.affinity.split.SplitFixtures.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaveLastOutTest {
    private final Interactions x = SplitFixtures.random50x40();

    @Test
    void testHoldsEachUsersLatestEvents() {
        for (int n : new int[] {1, 2, 5}) {
            Split s = new LeaveLastOut(n).split(x, 1);
            assertPartition(x, s.train(), s.test());
            for (int u = 0; u < x.numUsers(); u++) {
                int c = x.userCount(u);
                assertEquals(c > n ? n : 0, s.test().userCount(u), "user " + u + " with " + c + " events");
                if (s.test().userCount(u) > 0) {
                    // Latest by time: no training event of the user is later than any of their test events.
                    long firstTest = s.test().timestamp(s.test().start(u));
                    for (int p = s.train().start(u); p < s.train().end(u); p++) {
                        assertTrue(s.train().timestamp(p) <= firstTest);
                    }
                    assertEquals(x.timestamp(x.end(u) - 1), s.test().timestamp(s.test().end(u) - 1));
                    assertEquals(x.item(x.end(u) - 1), s.test().item(s.test().end(u) - 1));
                }
            }
            assertEquals(n, s.params().get("leave_out"));
        }
    }

    @Test
    void deterministic() {
        assertSameSplit(new LeaveLastOut(1).split(x, 1), new LeaveLastOut(1).split(x, 1));
    }

    @Test
    void tinyCaseByHand() {
        // User 0 added out of order at times 5, 1, 3: its last event is item 0 (time 5).
        // User 1 has items 7 and 2 tied at time 4 after item 1 at time 1: row order is (time, item),
        // so the last is item 7. User 2 has one event: with n = 1 it stays in train.
        Interactions t = of(3, 8, new long[] {0, 0, 5}, new long[] {0, 1, 1}, new long[] {0, 2, 3},
                new long[] {1, 7, 4}, new long[] {1, 2, 4}, new long[] {1, 1, 1}, new long[] {2, 3, 9});
        Split s = new LeaveLastOut(1).split(t, 0);
        assertEquals(1, s.test().userCount(0));
        assertEquals(0, s.test().item(s.test().start(0)));
        assertEquals(1, s.test().userCount(1));
        assertEquals(7, s.test().item(s.test().start(1)));
        assertEquals(0, s.test().userCount(2));
        assertEquals(1, s.train().userCount(2));
        // n = 2: user 1 keeps only item 1 in train.
        Split s2 = new LeaveLastOut(2).split(t, 0);
        assertEquals(1, s2.train().userCount(1));
        assertEquals(1, s2.train().item(s2.train().start(1)));
    }

    @Test
    void rejectsZero() {
        assertThrows(IllegalArgumentException.class, () -> new LeaveLastOut(0));
    }
}
