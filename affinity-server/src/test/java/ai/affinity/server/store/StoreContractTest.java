package ai.affinity.server.store;

import ai.affinity.engagement.EngagementEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same behaviour from every database: subclasses say where the store lives. */
abstract class StoreContractTest {
    protected Store store;

    /** A location for {@link Store#open}: a file path or a JDBC URL. */
    protected abstract String location() throws Exception;

    protected void cleanUp() {
    }

    /** An event this database refuses to store (the HTTP layer never lets one through). */
    protected abstract Event poison();

    @BeforeEach
    void open() throws Exception {
        store = Store.open(location());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        cleanUp();
    }

    private static Event click(String user, String item, long t, String clientId) {
        return new Event(user, item, EventType.CLICK, 1, t, clientId, null, null);
    }

    @Test
    void migratesTwiceWithoutChange() throws Exception {
        store.appendEvents(List.of(click("u", "i", 1000, null)));
        store.close();
        store = Store.open(location());
        assertEquals(1, store.counts().events());
    }

    @Test
    void appendsAndReadsHistoryInTimeOrder() {
        IngestResult r = store.appendEvents(List.of(
                click("u1", "a", 3000, "e1"),
                new Event("u1", "b", EventType.RATING, 4.5, 1000, "e2", null, null),
                new Event("u1", "c", EventType.IMPRESSION, 1, 2000, "e3", "r1", "pop"),
                click("u2", "a", 1500, null)));
        assertEquals(4, r.accepted());
        assertEquals(0, r.duplicates());
        assertEquals(4, r.lastSeq());
        List<HistoryEvent> h = store.recentHistory("u1", 10);
        // Impressions are not history; oldest first.
        assertEquals(List.of("b", "a"), h.stream().map(HistoryEvent::itemId).toList());
        assertEquals(4.5f, h.get(0).value());
        assertEquals(1000, h.get(0).timeMillis());
        // The limit keeps the most recent.
        assertEquals(List.of("a"), store.recentHistory("u1", 1).stream().map(HistoryEvent::itemId).toList());
        assertTrue(store.recentHistory("nobody", 10).isEmpty());
    }

    @Test
    void clientEventIdsMakeIngestionIdempotent() {
        IngestResult first = store.appendEvents(List.of(click("u", "a", 1, "x1"), click("u", "b", 2, "x2")));
        assertEquals(2, first.accepted());
        // A retry of the same batch plus one new event, and a repeat inside the batch.
        IngestResult retry = store.appendEvents(List.of(click("u", "a", 1, "x1"), click("u", "b", 2, "x2"),
                click("u", "c", 3, "x3"), click("u", "c", 3, "x3")));
        assertEquals(1, retry.accepted());
        assertEquals(3, retry.duplicates());
        // Events without an id are never deduplicated.
        store.appendEvents(List.of(click("u", "d", 4, null), click("u", "d", 4, null)));
        assertEquals(5, store.counts().events());
    }

    @Test
    void largeBatchesSpanSeveralInsertStatementsAndStillCountDuplicates() {
        int n = Store.INSERT_CHUNK * 2 + 7;
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(click("u" + i % 13, "i" + i % 17, i, "big-" + i));
        }
        // Repeats inside the batch, one in a later chunk than its first occurrence.
        batch.add(click("u0", "i0", 0, "big-0"));
        batch.add(click("u1", "i1", 1, "big-" + (Store.INSERT_CHUNK + 1)));
        IngestResult r = store.appendEvents(batch);
        assertEquals(n, r.accepted());
        assertEquals(2, r.duplicates());
        assertEquals(n, store.counts().events());
        assertEquals(store.lastEventSeq(), r.lastSeq());
        IngestResult again = store.appendEvents(batch.subList(Store.INSERT_CHUNK - 3, Store.INSERT_CHUNK + 5));
        assertEquals(0, again.accepted());
        assertEquals(8, again.duplicates());
    }

    @Test
    void aFailingBatchStoresNothing() {
        store.appendEvents(List.of(click("u", "a", 1, null)));
        // The second event is refused by the database -> the whole batch rolls back.
        List<Event> batch = new ArrayList<>();
        batch.add(click("u", "b", 2, "ok-1"));
        batch.add(poison());
        assertThrows(RuntimeException.class, () -> store.appendEvents(batch));
        assertEquals(1, store.counts().events());
        // And the ids of the rolled-back batch are free again.
        assertEquals(1, store.appendEvents(List.of(click("u", "b", 2, "ok-1"))).accepted());
    }

    @Test
    void itemsAndUsersUpsert() {
        ItemRecord item = new ItemRecord("i1", "Title", "some text", Map.of("genre", List.of("a", "b")),
                Map.of("year", 1995.0), new byte[]{1, 2, 3}, "image/png", null, null);
        assertTrue(store.upsertItem(item));
        assertFalse(store.upsertItem(new ItemRecord("i1", "New title", "", Map.of(), Map.of(), null, null,
                new byte[]{9}, "audio/wav")));
        assertTrue(store.upsertItem(new ItemRecord("i2", "Two", "", null, null, null, null, null, null)));
        ItemRecord back = store.item("i1").orElseThrow();
        assertEquals("New title", back.title());
        assertArrayEquals(new byte[]{9}, back.audio());
        assertEquals(null, back.image());
        assertEquals(List.of("i1", "i2"), store.itemIds());
        assertTrue(store.item("nope").isEmpty());
        assertTrue(store.upsertItem(new ItemRecord("i3", "", "", Map.of("genre", List.of("x")), Map.of("year", 2001.0),
                null, null, null, null)));
        ItemRecord i3 = store.item("i3").orElseThrow();
        assertEquals(List.of("x"), i3.categorical().get("genre"));
        assertEquals(2001.0, i3.numeric().get("year"));

        assertTrue(store.upsertUser("u1", Map.of("gender", "F"), Map.of("age", 24.0)));
        assertFalse(store.upsertUser("u1", Map.of("gender", "M"), Map.of()));
        Store.UserAttributes u = store.user("u1").orElseThrow();
        assertEquals("M", u.categorical().get("gender"));
        assertTrue(u.numeric().isEmpty());
        assertTrue(store.user("u2").isEmpty());
        assertEquals(new Store.Counts(0, 3, 1, 0), store.counts());
    }

    @Test
    void engagementEventsAreAttributedImpressionsAndClicksInRange() {
        store.appendEvents(List.of(
                new Event("u1", "a", EventType.IMPRESSION, 1, 1000, null, "r1", "A"),
                new Event("u1", "a", EventType.CLICK, 1, 1500, null, "r1", "A"),
                new Event("u1", "b", EventType.CLICK, 1, 1600, null, null, null),     // not attributed
                new Event("u1", "b", EventType.VIEW, 1, 1700, null, "r1", "A"),       // not an impression or click
                new Event("u2", "a", EventType.IMPRESSION, 1, 5000, null, "r2", "B"))); // out of range
        List<EngagementEvent> ev = store.engagementEvents(0, 5000);
        assertEquals(2, ev.size());
        assertEquals(EngagementEvent.Kind.IMPRESSION, ev.stream().filter(e -> e.timeMillis() == 1000).findFirst().orElseThrow().kind());
        assertEquals(EngagementEvent.Kind.CLICK, ev.stream().filter(e -> e.timeMillis() == 1500).findFirst().orElseThrow().kind());
    }

    @Test
    void streamsInteractionsAndRecordsModelVersions() {
        store.appendEvents(List.of(click("u1", "a", 1, null), new Event("u1", "b", EventType.IMPRESSION, 1, 2, null, null, null),
                click("u2", "b", 3, null)));
        List<Store.StoredInteraction> all = new ArrayList<>();
        store.forEachInteraction(store.lastEventSeq(), all::add);
        assertEquals(List.of("a", "b"), all.stream().map(Store.StoredInteraction::itemId).toList());
        List<Store.StoredInteraction> first = new ArrayList<>();
        store.forEachInteraction(1, first::add);
        assertEquals(1, first.size());

        long v1 = store.recordModelVersion("pop", "pop", 3, 2, 2, 0.01);
        long v2 = store.recordModelVersion("ease", "ease:lambda=10", 3, 2, 2, 0.02);
        assertTrue(v2 > v1);
        List<ModelVersion> versions = store.modelVersions();
        assertEquals(2, versions.size());
        assertEquals("ease:lambda=10", versions.get(1).spec());
        assertEquals(v2, versions.get(1).version());
        assertTrue(store.ping());
    }

    @Test
    void concurrentBatchesAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<IngestResult>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int tt = t;
                fs.add(pool.submit(() -> {
                    int n = 0;
                    for (int b = 0; b < 10; b++) {
                        List<Event> batch = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            batch.add(click("u" + tt, "i" + i, b * 100L + i, "t" + tt + "-" + b + "-" + i));
                        }
                        n += store.appendEvents(batch).accepted();
                    }
                    return new IngestResult(n, 0, 0);
                }));
            }
            int total = 0;
            for (Future<IngestResult> f : fs) {
                total += f.get().accepted();
            }
            assertEquals(800, total);
            assertEquals(800, store.counts().events());
        } finally {
            pool.shutdownNow();
        }
    }
}
