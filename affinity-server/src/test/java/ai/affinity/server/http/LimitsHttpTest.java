package ai.affinity.server.http;

import ai.affinity.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request size and batch limits answer 413 with a JSON error; no API key configured means open writes. */
class LimitsHttpTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(dir.resolve("s.db").toString(), new ServerConfig("127.0.0.1", 0, null, 4096, 3, 50));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        String big = "{\"title\": \"" + "x".repeat(10_000) + "\"}";
        TestServer.Response r = server.put("/v1/items/big", big, null);
        assertEquals(413, r.status(), r.text());
        assertEquals("payload_too_large", r.json().get("error").get("code").asText());
        assertTrue(server.app.store().item("big").isEmpty());
    }

    @Test
    void batchesOverTheLimitAre413() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 4; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"user_id\": \"u\", \"item_id\": \"i").append(i).append("\", \"type\": \"view\"}");
        }
        TestServer.Response r = server.post("/v1/events", sb.append("]").toString(), null);
        assertEquals(413, r.status(), r.text());
        assertTrue(r.json().get("error").get("message").asText().contains("at most 3"));
        // Without a configured key, writes are open.
        assertEquals(200, server.post("/v1/events", "[{\"user_id\": \"u\", \"item_id\": \"i0\", \"type\": \"view\"}]", null).status());
        // k is bounded by the configured maximum.
        assertEquals(400, server.get("/v1/users/u/recommendations?k=51").status());
    }
}
