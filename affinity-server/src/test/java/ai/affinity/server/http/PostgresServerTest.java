package ai.affinity.server.http;

import ai.affinity.server.TestDatabases;
import ai.affinity.server.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The server end to end on PostgreSQL (skipped with a message when none is configured). */
class PostgresServerTest {
    @Test
    void servesFreshRecommendationsFromPostgres() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (TestServer server = new TestServer(url, ServerConfig.defaults(0, TestServer.KEY))) {
            assertEquals("postgresql", server.get("/health").json().get("store_kind").asText());
            String path = "/v1/users/pg-user/recommendations?k=3&arm=itemknn";
            String before = server.get(path).json().get("items").toString();
            String batch = "[{\"user_id\": \"pg-user\", \"item_id\": \"i4\", \"type\": \"click\", \"event_id\": \"pg-1\"}]";
            assertEquals(1, server.post("/v1/events", batch, TestServer.KEY).json().get("accepted").asInt());
            assertEquals(1, server.post("/v1/events", batch, TestServer.KEY).json().get("duplicates").asInt());
            assertNotEquals(before, server.get(path).json().get("items").toString());
            server.app.state().refit();
            assertEquals(1, server.get("/health").json().get("arms").get("pop").get("events_through").asLong());
        } finally {
            TestDatabases.dropSchema(url);
        }
    }
}
