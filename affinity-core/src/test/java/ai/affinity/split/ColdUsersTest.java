package ai.affinity.split;

import ai.affinity.data.Interactions;
import org.junit.jupiter.api.Test;

import static ai.affinity.split.SplitFixtures.assertPartition;
import static ai.affinity.split.SplitFixtures.assertSameSplit;
import static ai.affinity.split.SplitFixtures.of;
import static ai.affinity.split.SplitFixtures.sameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColdUsersTest {
    private final Interactions x = SplitFixtures.random50x40();

    /** The revealed events: query history of users with no training events. */
    private static Interactions revealedOnly(Split s) {
        Interactions q = s.queryHistory();
        Interactions.Builder b = q.derive();
        for (int u = 0; u < q.numUsers(); u++) {
            if (s.train().userCount(u) == 0) {
                for (int p = q.start(u); p < q.end(u); p++) {
                    b.add(u, q.item(p), q.value(p), q.timestamp(p));
                }
            }
        }
        return b.build();
    }

    @Test
    void coldUsersHaveNoTrainingAndRevealTheirEarliestEvents() {
        int revealed = 3;
        Split s = new ColdUsers(0.3, revealed, 0).split(x, 4);
        assertPartition(x, s.train(), s.test(), revealedOnly(s));
        assertNull(s.candidates());
        int cold = 0;
        int eligible = 0;
        for (int u = 0; u < x.numUsers(); u++) {
            int n = x.userCount(u);
            if (n > revealed) {
                eligible++;
            }
            boolean isCold = s.test().userCount(u) > 0;
            if (isCold) {
                cold++;
                assertTrue(n > revealed);
                assertEquals(0, s.train().userCount(u), "cold user " + u + " has no training event");
                assertEquals(revealed, s.queryHistory().userCount(u));
                assertEquals(n - revealed, s.test().userCount(u));
                // Revealed are the user's first events in row (time) order.
                for (int j = 0; j < revealed; j++) {
                    assertEquals(x.item(x.start(u) + j), s.queryHistory().item(s.queryHistory().start(u) + j));
                }
                long lastRevealed = s.queryHistory().timestamp(s.queryHistory().end(u) - 1);
                assertTrue(lastRevealed <= s.test().timestamp(s.test().start(u)), "revealed are the earliest");
            } else {
                assertEquals(n, s.train().userCount(u), "warm user " + u + " keeps everything in train");
                assertTrue(sameRow(s.train(), s.queryHistory(), u), "warm user's query history is their train");
            }
        }
        assertEquals(Math.round(eligible * 0.3), cold);
        assertEquals(cold, s.params().get("cold_users"));
        assertEquals(eligible, s.params().get("eligible_users"));
    }

    private static boolean sameRow(Interactions a, Interactions b, int u) {
        if (a.userCount(u) != b.userCount(u)) {
            return false;
        }
        for (int j = 0; j < a.userCount(u); j++) {
            if (a.item(a.start(u) + j) != b.item(b.start(u) + j)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void maxEventsRestrictsEligibility() {
        Split s = new ColdUsers(0.5, 2, 8).split(x, 4);
        for (int u = 0; u < x.numUsers(); u++) {
            if (s.test().userCount(u) > 0) {
                assertTrue(x.userCount(u) > 2 && x.userCount(u) <= 8, "user " + u + " eligible");
            }
        }
        assertTrue((Integer) s.params().get("cold_users") > 0);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        ColdUsers p = new ColdUsers(0.2, 3, 0);
        assertSameSplit(p.split(x, 1), p.split(x, 1));
        assertFalse(sameEvents(p.split(x, 1).test(), p.split(x, 2).test()));
    }

    @Test
    void tinyCaseByHand() {
        // User 0: 5 events at times 5,4,3,2,1 (added out of order), the only eligible user with
        // revealed = 3 (user 1 has 3 events, user 2 none). Fraction 0.2 of 1 eligible: round(0.2) = 0,
        // clamped to 1, so user 0 is cold: items 4, 3, 2 (times 1, 2, 3) revealed, items 1, 0 in test.
        Interactions t = of(3, 6, new long[] {0, 0, 5}, new long[] {0, 1, 4}, new long[] {0, 2, 3},
                new long[] {0, 3, 2}, new long[] {0, 4, 1}, new long[] {1, 0, 1}, new long[] {1, 5, 2},
                new long[] {1, 2, 3});
        Split s = new ColdUsers(0.2, 3, 0).split(t, 123);
        assertEquals(0, s.train().userCount(0));
        assertEquals(3, s.queryHistory().userCount(0));
        assertEquals(4, s.queryHistory().item(s.queryHistory().start(0)));
        assertEquals(3, s.queryHistory().item(s.queryHistory().start(0) + 1));
        assertEquals(2, s.queryHistory().item(s.queryHistory().start(0) + 2));
        assertEquals(2, s.test().userCount(0));
        assertEquals(1, s.test().item(s.test().start(0)));
        assertEquals(0, s.test().item(s.test().start(0) + 1));
        assertEquals(3, s.train().userCount(1));
        assertEquals(3, s.queryHistory().userCount(1));
        assertEquals(0, s.test().userCount(1));
        assertEquals(3L, s.params().get("revealed_events"));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new ColdUsers(0.2, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ColdUsers(0.2, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new ColdUsers(1.0, 3, 0));
    }
}
