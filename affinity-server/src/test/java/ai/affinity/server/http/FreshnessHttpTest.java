package ai.affinity.server.http;

import ai.affinity.server.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Posted events change the very next answer (no refit in between), and retries are idempotent. */
class FreshnessHttpTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<String> items(TestServer.Response r) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : r.json().get("items")) {
            out.add(n.get("item_id").asText());
        }
        return out;
    }

    @Test
    void anEventPostedNowChangesTheNextRecommendation() throws Exception {
        String path = "/v1/users/newcomer/recommendations?k=3&arm=itemknn";
        TestServer.Response before = server.get(path);
        assertEquals(0, before.json().get("history_size").asInt());
        long version = before.json().get("model_version").asLong();

        TestServer.Response posted = server.post("/v1/events",
                "{\"events\": [{\"user_id\": \"newcomer\", \"item_id\": \"i4\", \"type\": \"click\"}]}", TestServer.KEY);
        assertEquals(200, posted.status(), posted.text());

        TestServer.Response after = server.get(path);
        assertEquals(version, after.json().get("model_version").asLong(), "no refit happened in between");
        assertEquals(1, after.json().get("history_size").asInt());
        assertNotEquals(items(before), items(after));
        // One click on i4 makes its cluster mates the answer, and i4 itself is excluded as seen.
        assertEquals(List.of("i5", "i6", "i7"), items(after).stream().sorted().toList(), after.text());

        // A known user's new event counts too: u0 (cluster i0-i3) clicks i7 and i7's mates appear.
        List<String> u0Before = items(server.get("/v1/users/u0/recommendations?k=2&arm=itemknn"));
        assertEquals(200, server.post("/v1/events", "[{\"user_id\": \"u0\", \"item_id\": \"i7\", \"type\": \"purchase\"}]",
                TestServer.KEY).status());
        List<String> u0After = items(server.get("/v1/users/u0/recommendations?k=2&arm=itemknn"));
        assertNotEquals(u0Before, u0After);
        assertFalse(u0After.contains("i7"));
    }

    @Test
    void retriedBatchesAreStoredOnce() throws Exception {
        String batch = "{\"events\": [{\"user_id\": \"r\", \"item_id\": \"i1\", \"type\": \"view\", \"event_id\": \"e-1\"}, "
                + "{\"user_id\": \"r\", \"item_id\": \"i2\", \"type\": \"rating\", \"value\": 4, \"event_id\": \"e-2\", "
                + "\"timestamp\": \"2026-03-01T10:00:00Z\"}]}";
        TestServer.Response first = server.post("/v1/events", batch, TestServer.KEY);
        assertEquals(2, first.json().get("accepted").asInt());
        assertEquals(0, first.json().get("duplicates").asInt());
        TestServer.Response retry = server.post("/v1/events", batch, TestServer.KEY);
        assertEquals(200, retry.status());
        assertEquals(0, retry.json().get("accepted").asInt());
        assertEquals(2, retry.json().get("duplicates").asInt());
        assertEquals(2, server.app.store().counts().events());
        assertEquals(2, server.get("/v1/users/r/recommendations").json().get("history_size").asInt());
        assertTrue(server.get("/metrics").text().contains("affinity_events_duplicate_total 2"));
    }

    @Test
    void aRefitTakesStoredEventsIntoTheModel() throws Exception {
        server.post("/v1/events", "[{\"user_id\": \"late\", \"item_id\": \"brand-new\", \"type\": \"click\"}]", TestServer.KEY);
        long v0 = server.get("/health").json().get("arms").get("pop").get("model_version").asLong();
        assertTrue(server.app.state().isStale());
        server.app.state().refit();
        assertFalse(server.app.state().isStale());
        JsonNode arms = server.get("/health").json().get("arms");
        assertTrue(arms.get("pop").get("model_version").asLong() > v0);
        assertEquals(9, arms.get("pop").get("items").asInt(), "the item first seen in an event is now scored");
        assertEquals(9, server.app.store().modelVersions().stream().mapToInt(v -> v.numItems()).max().orElse(0));
    }
}
