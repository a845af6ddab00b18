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
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {
    private final Interactions x = SplitFixtures.random50x40();

    @Test
    void carvesOnlyFromTrain() {
        for (SplitProtocol p : new SplitProtocol[] {new RandomHoldout(0.2), new TemporalSplit(0.2),
                new LeaveLastOut(1), new ColdItems(0.2), new ColdUsers(0.2, 3, 0)}) {
            Split s = p.split(x, 3);
            Split v = Validation.carve(s, 0.25, 17);
            assertEquals("validation:" + p.name(), v.protocol());
            assertPartition(s.train(), v.train(), v.test());
            assertNull(v.candidates());
            assertTrue(sameEvents(v.train(), v.queryHistory()));
            assertEquals(p.name(), v.params().get("source_protocol"));
            assertEquals(0.25, v.params().get("validation_fraction"));
            for (int u = 0; u < x.numUsers(); u++) {
                int n = s.train().userCount(u);
                int expected = n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(n * 0.25)));
                assertEquals(expected, v.test().userCount(u), p.name() + " user " + u);
            }
            assertSameSplit(v, Validation.carve(s, 0.25, 17));
            assertFalse(sameEvents(v.test(), Validation.carve(s, 0.25, 18).test()));
        }
    }

    @Test
    void tinyCaseByHand() {
        // Training user with 4 events at fraction 0.25: exactly 1 validation event; the test set is unused.
        Interactions train = of(2, 5, new long[] {0, 0, 1}, new long[] {0, 1, 2}, new long[] {0, 2, 3},
                new long[] {0, 3, 4});
        Interactions test = of(2, 5, new long[] {0, 4, 5}, new long[] {1, 4, 5});
        Split v = Validation.carve(Split.of("random", null, train, test), 0.25, 1);
        assertEquals(1, v.test().numEvents());
        assertEquals(3, v.train().numEvents());
        assertEquals(0, v.test().userCount(1));
        assertFalse(v.test().contains(0, 4), "the real test set is never touched");
    }
}
