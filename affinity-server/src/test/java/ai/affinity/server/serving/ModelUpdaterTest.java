package ai.affinity.server.serving;

import ai.affinity.server.TestServer;
import ai.affinity.server.store.Event;
import ai.affinity.server.store.EventType;
import ai.affinity.server.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelUpdaterTest {
    @TempDir
    Path dir;

    @Test
    void refitsOnlyWhenTheStoreHasNewEvents() {
        try (Store store = Store.open(dir.resolve("u.db").toString())) {
            ServingState state = ServingState.start(TestServer.fixture(), store, "e", Map.of("pop", "pop"), 1, 1);
            ModelUpdater updater = new ModelUpdater(state, 1);
            long v1 = state.snapshot("pop").version();
            updater.tick();
            assertEquals(0, updater.refits(), "nothing new, nothing refitted");
            assertEquals(v1, state.snapshot("pop").version());
            store.appendEvents(List.of(new Event("x", "i7", EventType.CLICK, 1, 5, null, null, null)));
            updater.tick();
            assertEquals(1, updater.refits());
            ModelSnapshot s = state.snapshot("pop");
            assertNotEquals(v1, s.version());
            assertEquals(1, s.eventsThrough());
            assertEquals(7, s.userIds().size(), "the new user is in the refitted model");
            assertFalse(state.isStale());
            updater.close();
        }
    }

    @Test
    void scheduledUpdaterPicksUpEventsInTheBackground() throws Exception {
        try (Store store = Store.open(dir.resolve("b.db").toString());
             ModelUpdater updater = new ModelUpdater(
                     ServingState.start(TestServer.fixture(), store, "e", Map.of("pop", "pop"), 1, 1), 1)) {
            updater.start();
            store.appendEvents(List.of(new Event("x", "i7", EventType.CLICK, 1, 5, null, null, null)));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (updater.refits() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(updater.refits() >= 1, "no background refit within 10 s");
        }
    }

    @Test
    void badSpecsAndArmsAreRefusedUpFront() {
        try (Store store = Store.open(dir.resolve("c.db").toString())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServingState.start(TestServer.fixture(), store, "e", Map.of("x", "nosuchmodel"), 1, 1));
            assertTrue(e.getMessage().contains("unknown model 'nosuchmodel'"));
            assertThrows(IllegalArgumentException.class, () -> new ModelUpdater(null, 0));
        }
        assertEquals(Map.of("ease", "ease:lambda=5", "pop", "pop", "pop-2", "pop"),
                ServingState.armsFromSpecs(List.of("ease:lambda=5", "pop", "pop")));
    }

    @Test
    void armAssignmentIsStableAndSalted() {
        Experiment a = new Experiment("exp-a", List.of("x", "y"));
        Experiment b = new Experiment("exp-b", List.of("x", "y"));
        int differ = 0;
        int inX = 0;
        for (int u = 0; u < 1000; u++) {
            String id = "user-" + u;
            assertEquals(a.assign(id), a.assign(id));
            assertEquals(a.assign(id), new Experiment("exp-a", List.of("x", "y")).assign(id));
            differ += a.assign(id).equals(b.assign(id)) ? 0 : 1;
            inX += a.assign(id).equals("x") ? 1 : 0;
        }
        // Balanced (binomial(1000, 0.5): 440..560 is beyond 3.7 standard deviations) and independent across experiments.
        assertTrue(inX > 440 && inX < 560, "arm x got " + inX);
        assertTrue(differ > 440 && differ < 560, "experiments disagree on " + differ);
        // Pinned value (Python: int.from_bytes(sha256(b'exp-a\\x00user-0').digest()[:8], 'big', signed=True) % 1000 = 23):
        // the bucketing must never change between versions, or users would switch arms.
        assertEquals(23, Experiment.bucket("exp-a", "user-0", 1000));
        assertEquals("y", a.assign("user-0"));
    }
}
