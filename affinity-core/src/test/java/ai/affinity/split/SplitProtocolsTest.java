package ai.affinity.split;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitProtocolsTest {
    @Test
    void defaults() {
        assertEquals(new RandomHoldout(0.2), SplitProtocols.create("random", Map.of()));
        assertEquals(new TemporalSplit(0.2), SplitProtocols.create("temporal", null));
        assertEquals(new LeaveLastOut(1), SplitProtocols.create("leave-last-out", Map.of()));
        assertEquals(new ColdItems(0.2), SplitProtocols.create("cold-items", Map.of()));
        assertEquals(new ColdUsers(0.2, 3, 0), SplitProtocols.create("cold-users", Map.of()));
    }

    @Test
    void options() {
        Map<String, String> o = Map.of("test-fraction", "0.1", "cold-fraction", "0.3", "revealed", "5",
                "max-events", "20", "leave-out", "2", "model", "als");
        assertEquals(new RandomHoldout(0.1), SplitProtocols.create("random", o));
        assertEquals(new TemporalSplit(0.1), SplitProtocols.create("temporal", o));
        assertEquals(new LeaveLastOut(2), SplitProtocols.create("leave-last-out", o));
        assertEquals(new ColdItems(0.3), SplitProtocols.create("cold-items", o));
        assertEquals(new ColdUsers(0.3, 5, 20), SplitProtocols.create("cold-users", o));
        for (String name : SplitProtocols.NAMES) {
            assertEquals(name, SplitProtocols.create(name, o).name());
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SplitProtocols.create("kfold", Map.of()));
        for (String name : new String[] {"random", "temporal", "leave-last-out", "cold-items", "cold-users"}) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SplitProtocols.create("predefined", Map.of()));
    }

    @Test
    void badOptionsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SplitProtocols.create("random", Map.of("test-fraction", "abc")));
        assertTrue(e.getMessage().contains("test-fraction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SplitProtocols.create("random", Map.of("test-fraction", "1.5")));
        assertTrue(e.getMessage().contains("test-fraction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SplitProtocols.create("leave-last-out", Map.of("leave-out", "x")));
        assertTrue(e.getMessage().contains("leave-out"), e.getMessage());
    }
}
