package ai.affinity.server.http;

import ai.affinity.server.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint over HTTP on an ephemeral port, with the client mistakes each must refuse cleanly. */
class ServerHttpTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(TestServer.Response r, int status, String code, String messagePart) {
        assertEquals(status, r.status(), r.text());
        assertTrue(r.json() != null && r.json().has("error"), "JSON error body expected: " + r.text());
        JsonNode e = r.json().get("error");
        assertEquals(status, e.get("status").asInt());
        assertEquals(code, e.get("code").asText());
        assertTrue(e.get("message").asText().contains(messagePart), "message: " + e.get("message").asText());
        assertFalse(r.text().contains("at ai.affinity") || r.text().contains("Exception"), "no stack traces: " + r.text());
    }

    @Test
    void recommendationsCarryRequestIdAndArm() throws Exception {
        TestServer.Response r = server.get("/v1/users/u0/recommendations?k=3");
        assertEquals(200, r.status(), r.text());
        JsonNode j = r.json();
        assertFalse(j.get("request_id").asText().isEmpty());
        assertTrue(Set.of("itemknn", "pop").contains(j.get("arm").asText()));
        assertEquals("exp1", j.get("experiment").asText());
        assertEquals(3, j.get("items").size());
        // Seen items are excluded by default: u0 used i0, i1, i2.
        for (JsonNode it : j.get("items")) {
            assertFalse(Set.of("i0", "i1", "i2").contains(it.get("item_id").asText()), r.text());
        }
        // The arm is a pure function of the user; request ids are unique.
        TestServer.Response again = server.get("/v1/users/u0/recommendations?k=3");
        assertEquals(j.get("arm"), again.json().get("arm"));
        assertNotEquals(j.get("request_id"), again.json().get("request_id"));
        // exclude_seen=false lets seen items back in; arm= forces an arm.
        TestServer.Response all = server.get("/v1/users/u0/recommendations?k=8&exclude_seen=false&arm=pop");
        assertEquals("pop", all.json().get("arm").asText());
        assertEquals(8, all.json().get("items").size());
        // Item-kNN for u0 ranks u0's cluster mate i3 first among unseen items.
        TestServer.Response knn = server.get("/v1/users/u0/recommendations?k=1&arm=itemknn");
        assertEquals("i3", knn.json().get("items").get(0).get("item_id").asText(), knn.text());
    }

    @Test
    void armsSplitUsersRoughlyEvenly() throws Exception {
        int knn = 0;
        for (int u = 0; u < 40; u++) {
            if ("itemknn".equals(server.get("/v1/users/visitor" + u + "/recommendations?k=1").json().get("arm").asText())) {
                knn++;
            }
        }
        assertTrue(knn > 8 && knn < 32, "itemknn got " + knn + " of 40");
    }

    @Test
    void badQueryParametersAre400() throws Exception {
        assertError(server.get("/v1/users/u0/recommendations?k=0"), 400, "bad_request", "'k'");
        assertError(server.get("/v1/users/u0/recommendations?k=abc"), 400, "bad_request", "expected an integer");
        assertError(server.get("/v1/users/u0/recommendations?k=5000"), 400, "bad_request", "between 1 and 1000");
        assertError(server.get("/v1/users/u0/recommendations?exclude_seen=maybe"), 400, "bad_request", "true or false");
        assertError(server.get("/v1/users/u0/recommendations?arm=nope"), 400, "bad_request", "unknown arm 'nope'");
        assertError(server.get("/v1/items/i0/similar?k=-1"), 400, "bad_request", "'k'");
        assertError(server.get("/v1/metrics/engagement?from=yesterday"), 400, "bad_request", "expected a date");
        assertError(server.get("/v1/metrics/engagement?from=2026-03-05&to=2026-03-01"), 400, "bad_request", "after");
        assertError(server.get("/v1/metrics/engagement?from=2020-01-01&to=2026-03-01"), 400, "bad_request", "at most");
    }

    @Test
    void unknownThingsAre404() throws Exception {
        assertError(server.get("/v1/items/nope/similar"), 404, "not_found", "unknown item 'nope'");
        assertError(server.get("/v2/whatever"), 404, "not_found", "no such endpoint");
    }

    @Test
    void similarItemsComeFromTheSameCluster() throws Exception {
        TestServer.Response r = server.get("/v1/items/i0/similar?k=3&arm=itemknn");
        assertEquals(200, r.status(), r.text());
        Set<String> got = new HashSet<>();
        r.json().get("items").forEach(n -> got.add(n.get("item_id").asText()));
        assertEquals(Set.of("i1", "i2", "i3"), got);
    }

    @Test
    void writesNeedTheApiKey() throws Exception {
        String body = "{\"events\": [{\"user_id\": \"u9\", \"item_id\": \"i1\", \"type\": \"view\"}]}";
        assertError(server.post("/v1/events", body, null), 401, "unauthorized", "needs an API key");
        assertError(server.post("/v1/events", body, "wrong"), 401, "unauthorized", "invalid API key");
        assertError(server.put("/v1/items/x", "{}", null), 401, "unauthorized", "API key");
        assertError(server.put("/v1/users/x", "{}", "wrong"), 401, "unauthorized", "invalid");
        TestServer.Response ok = server.send(HttpRequest.newBuilder(URI.create(server.url("/v1/events")))
                .header("Authorization", "Bearer " + TestServer.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, ok.status(), ok.text());
        assertEquals(1, ok.json().get("accepted").asInt());
    }

    @Test
    void badEventBatchesAre400AndStoreNothing() throws Exception {
        long before = server.app.store().counts().events();
        String k = TestServer.KEY;
        assertError(server.post("/v1/events", "{\"events\": [", k), 400, "bad_request", "malformed JSON");
        assertError(server.post("/v1/events", "", k), 400, "bad_request", "empty");
        assertError(server.post("/v1/events", "{\"events\": []}", k), 400, "bad_request", "empty");
        assertError(server.post("/v1/events", "{\"evnts\": []}", k), 400, "bad_request", "unknown field 'evnts'");
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i\"}]", k), 400, "bad_request",
                "events[0].type: required");
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"like\"}]", k), 400,
                "bad_request", "events[0].type: expected one of");
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"rating\"}]", k), 400,
                "bad_request", "required for a rating");
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"view\", \"value\": \"x\"}]", k),
                400, "bad_request", "finite number");
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"view\", \"timestamp\": \"soon\"}]", k),
                400, "bad_request", "ISO-8601");
        assertError(server.post("/v1/events", "[{\"user_id\": \"\", \"item_id\": \"i\", \"type\": \"view\"}]", k), 400,
                "bad_request", "events[0].user_id");
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"" + "x".repeat(201) + "\", \"type\": \"view\"}]", k),
                400, "bad_request", "longer than 200");
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"view\", \"colour\": 1}]", k),
                400, "bad_request", "unknown field 'colour'");
        // One bad event in a batch refuses the whole batch.
        assertError(server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"view\"}, "
                + "{\"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"oops\"}]", k), 400, "bad_request", "events[1].type");
        assertEquals(before, server.app.store().counts().events());
    }

    @Test
    void itemsAndUsersAreUpserted() throws Exception {
        String png = Base64.getEncoder().encodeToString(new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        String item = "{\"title\": \"New\", \"text\": \"a new thing\", \"attributes\": {\"genre\": [\"a\", \"b\"], \"year\": 2001, "
                + "\"brand\": \"z\"}, \"image\": \"" + png + "\", \"image_type\": \"image/png\"}";
        TestServer.Response created = server.put("/v1/items/new-1", item, TestServer.KEY);
        assertEquals(201, created.status(), created.text());
        assertTrue(created.json().get("created").asBoolean());
        assertEquals(200, server.put("/v1/items/new-1", "{\"title\": \"Renamed\"}", TestServer.KEY).status());
        assertEquals("Renamed", server.app.store().item("new-1").orElseThrow().title());
        // Known to the store but not to the current model: similar answers an empty list, not 404.
        TestServer.Response sim = server.get("/v1/items/new-1/similar");
        assertEquals(200, sim.status(), sim.text());
        assertEquals(0, sim.json().get("items").size());

        assertError(server.put("/v1/items/bad", "{\"image\": \"%%%\"}", TestServer.KEY), 400, "bad_request", "base64");
        assertError(server.put("/v1/items/bad", "{\"attributes\": {\"x\": {\"y\": 1}}}", TestServer.KEY), 400, "bad_request",
                "attributes.x");
        assertError(server.put("/v1/items/bad", "[1]", TestServer.KEY), 400, "bad_request", "JSON object");
        assertError(server.put("/v1/items/bad", "{\"title\": 5}", TestServer.KEY), 400, "bad_request", "title");

        assertEquals(201, server.put("/v1/users/new-user", "{\"attributes\": {\"gender\": \"F\", \"age\": 31}}", TestServer.KEY).status());
        assertEquals(200, server.put("/v1/users/new-user", "{\"attributes\": {\"gender\": \"M\"}}", TestServer.KEY).status());
        assertEquals("M", server.app.store().user("new-user").orElseThrow().categorical().get("gender"));
        assertError(server.put("/v1/users/x", "{\"attributes\": {\"tags\": [\"a\"]}}", TestServer.KEY), 400, "bad_request",
                "attributes.tags");
        assertError(server.put("/v1/users/x", "{\"attrs\": {}}", TestServer.KEY), 400, "bad_request", "unknown field");
    }

    @Test
    void healthMetricsAndOpenApi() throws Exception {
        TestServer.Response h = server.get("/health");
        assertEquals(200, h.status());
        assertEquals("ok", h.json().get("status").asText());
        assertEquals("sqlite", h.json().get("store_kind").asText());
        assertTrue(h.json().get("arms").get("itemknn").get("model_version").asLong() > 0);

        server.get("/v1/users/u1/recommendations");
        TestServer.Response m = server.get("/metrics");
        assertEquals(200, m.status());
        assertTrue(m.text().contains("affinity_http_requests_total{method=\"GET\",route=\"/v1/users/{id}/recommendations\",status=\"200\"}"),
                m.text());
        assertTrue(m.text().contains("affinity_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/users/{id}/recommendations\",le=\"+Inf\"}"));
        assertTrue(m.text().contains("affinity_model_version{arm=\"pop\"}"));
        assertTrue(m.text().contains("# TYPE affinity_events_ingested_total counter"));

        TestServer.Response o = server.get("/openapi.json");
        assertEquals(200, o.status());
        assertEquals("3.0.3", o.json().get("openapi").asText());
        List<String> documented = new ArrayList<>();
        o.json().get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + p.getKey())));
        assertEquals(new HashSet<>(AffinityServer.routeList()), new HashSet<>(documented));
        // The file served is the file in the jar.
        try (InputStream in = AffinityServer.class.getResourceAsStream("openapi.json")) {
            assertEquals(new ObjectMapper().readTree(in), o.json());
        }
    }
}
