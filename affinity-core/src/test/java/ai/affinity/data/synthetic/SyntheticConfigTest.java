package ai.affinity.data.synthetic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticConfigTest {
    @Test
    void presetsHaveTheDocumentedSizes() {
        assertSizes("tiny", 300, 200, 6_000);
        assertSizes("small", 3_000, 1_500, 60_000);
        assertSizes("medium", 20_000, 10_000, 1_000_000);
        assertSizes("large", 100_000, 20_000, 10_000_000);
        SyntheticConfig tiny = SyntheticConfig.preset(" TINY ");
        assertEquals("tiny", tiny.name());
        assertEquals(16, tiny.latentDim());
        assertEquals(1_704_067_200L, tiny.startEpochSecond());
        assertEquals(366 * 86_400L, tiny.spanSeconds());
        assertTrue(tiny.media());
    }

    private static void assertSizes(String name, int users, int items, int events) {
        SyntheticConfig c = SyntheticConfig.preset(name);
        assertEquals(users, c.numUsers(), name);
        assertEquals(items, c.numItems(), name);
        assertEquals(events, c.targetEvents(), name);
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticConfig.preset("huge"));
        assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
        assertTrue(e.getMessage().contains("tiny, small, medium, large"), e.getMessage());
    }

    @Test
    void invalidFieldsAreRejected() {
        SyntheticConfig t = SyntheticConfig.preset("tiny");
        assertThrows(IllegalArgumentException.class, () -> t.withDriftStrength(1.5));
        assertThrows(IllegalArgumentException.class, () -> t.withInitialItemFraction(0));
        // 10 users × 5 events minimum exceeds a target of 20 events.
        assertThrows(IllegalArgumentException.class, () -> t.withSize(10, 100, 20));
        // More events than half the user × item matrix cannot be distinct pairs.
        assertThrows(IllegalArgumentException.class, () -> t.withSize(10, 10, 60));
        assertFalse(t.withMedia(false).media());
    }
}
