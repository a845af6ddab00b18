package ai.affinity.deep.train;

import ai.affinity.data.Interactions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How often the loop validates, and the seeded user sample early stopping ranks. */
class ValidationScheduleTest {
    @Test
    void validatesEveryEpochUpToThirtyThenAboutThirtyTimes() {
        TrainConfig d = TrainConfig.defaults().withPatience(0);
        assertEquals(1, d.withEpochs(10).validateEvery());
        assertEquals(1, d.withEpochs(30).validateEvery());
        assertEquals(2, d.withEpochs(31).validateEvery());
        assertEquals(4, d.withEpochs(120).validateEvery());
        assertEquals(14, d.withEpochs(400).validateEvery());
        // At least two validations inside the patience window.
        assertEquals(10, d.withEpochs(400).withPatience(20).validateEvery());
        assertEquals(1, d.withEpochs(400).withPatience(2).validateEvery());
        assertEquals(1, d.withEpochs(400).withPatience(1).validateEvery());
    }

    @Test
    void samplesAFixedSetOfWholeUsers() {
        Interactions.Builder b = Interactions.builder().setDimensions(20, 5);
        for (int u = 0; u < 20; u += 2) { // 10 users with events, two each
            b.add(u, u % 5, 1f, u);
            b.add(u, (u + 1) % 5, 1f, u + 1);
        }
        Interactions v = b.build();
        assertSame(v, ValidationSet.sampleUsers(v, 10, 7));
        Interactions s = ValidationSet.sampleUsers(v, 4, 7);
        assertEquals(4, s.numActiveUsers());
        assertEquals(8, s.numEvents());
        assertEquals(20, s.numUsers());
        for (int u = 0; u < 20; u++) {
            assertTrue(s.userCount(u) == 0 || s.userCount(u) == 2);
        }
        Interactions again = ValidationSet.sampleUsers(v, 4, 7);
        for (int u = 0; u < 20; u++) {
            assertEquals(s.userCount(u), again.userCount(u));
        }
    }
}
