package ai.affinity.server.http;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;
import ai.affinity.server.ServerApp;
import ai.affinity.server.TestServer;
import ai.affinity.server.serving.ModelSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cold users get popularity; a new item is recommendable the moment PUT returns (placed by content among
 * warm items); the incremental iALS update is used between full refits.
 */
class ColdStartHttpTest {
    @TempDir
    Path dir;
    TestServer server;

    /** Users u0-u2 use drama items i0-i3, u3-u5 comedy items i4-i7; item content says which. */
    static Dataset fixture() {
        IdMap users = IdMap.ofRange(6, "u");
        IdMap items = IdMap.ofRange(8, "i");
        Interactions.Builder b = Interactions.builder().setDimensions(6, 8);
        long t = 1_700_000_000L;
        int[][] rows = {{0, 1, 2}, {0, 1, 2, 3}, {1, 2, 3}, {4, 5, 6}, {4, 5, 6, 7}, {5, 6, 7}};
        for (int u = 0; u < rows.length; u++) {
            for (int i : rows[u]) {
                b.add(u, i, 1f, t++);
            }
        }
        ItemCatalog catalog = new ItemCatalog();
        for (int i = 0; i < 8; i++) {
            boolean drama = i < 4;
            catalog.set(i, new ItemContent("item " + i, drama ? "war ship storm" : "love wedding laugh",
                    Map.of("genre", List.of(drama ? "drama" : "comedy")), Map.of(), null, null, ItemContent.UNKNOWN_TIME));
        }
        return new Dataset("cold", users, items, b.build(), catalog, new UserCatalog(), new LoadReport(), Map.of());
    }

    @BeforeEach
    void start() {
        Map<String, String> arms = new LinkedHashMap<>();
        arms.put("itemknn", "itemknn");
        arms.put("ials", "ials:factors=4,iterations=5,lambda=0.1,alpha=5");
        arms.put("pop", "pop");
        ServerApp app = ServerApp.start(fixture(), new ServerApp.Options(dir.resolve("s.db").toString(), arms, "e", 0, 42, 1),
                ServerConfig.defaults(0, TestServer.KEY));
        server = new TestServer(app);
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
    void aUserWithNoHistoryGetsThePopularItemsInsteadOfAllZeroScores() throws Exception {
        // Distinct users per item: i1, i2, i5, i6 have 3; ties go to the lower index.
        for (String arm : new String[]{"itemknn", "ials"}) {
            TestServer.Response r = server.get("/v1/users/nobody/recommendations?k=4&arm=" + arm);
            assertEquals(200, r.status(), r.text());
            assertEquals("popularity", r.json().get("source").asText(), arm);
            assertEquals(List.of("i1", "i2", "i5", "i6"), items(r), arm);
            assertEquals(3.0, r.json().get("items").get(0).get("score").asDouble(), 1e-9);
        }
        // The popularity arm answers an empty history itself.
        assertEquals("model", server.get("/v1/users/nobody/recommendations?k=4&arm=pop").json().get("source").asText());
        // One event and the model takes over.
        server.post("/v1/events", "[{\"user_id\": \"nobody\", \"item_id\": \"i4\", \"type\": \"click\"}]", TestServer.KEY);
        TestServer.Response r = server.get("/v1/users/nobody/recommendations?k=3&arm=itemknn");
        assertEquals("model", r.json().get("source").asText());
        assertEquals(List.of("i5", "i6", "i7"), items(r).stream().sorted().toList());
    }

    @Test
    void aNewItemIsRecommendableAsSoonAsItIsStored() throws Exception {
        server.post("/v1/events", "[{\"user_id\": \"fan\", \"item_id\": \"i4\", \"type\": \"click\"}]", TestServer.KEY);
        long version = server.get("/health").json().get("arms").get("itemknn").get("model_version").asLong();
        assertFalse(items(server.get("/v1/users/fan/recommendations?k=4&arm=itemknn")).contains("new-comedy"));

        TestServer.Response put = server.put("/v1/items/new-comedy", "{\"title\": \"a new one\", \"text\": \"love and a wedding\", "
                + "\"attributes\": {\"genre\": [\"comedy\"]}}", TestServer.KEY);
        assertEquals(201, put.status(), put.text());
        assertTrue(put.json().get("recommendable").asBoolean());
        assertEquals("content", put.json().get("placement").asText());

        for (String arm : new String[]{"itemknn", "ials"}) {
            TestServer.Response r = server.get("/v1/users/fan/recommendations?k=4&arm=" + arm);
            assertEquals(version, server.get("/health").json().get("arms").get("itemknn").get("model_version").asLong());
            assertTrue(items(r).contains("new-comedy"), arm + ": " + r.text());
        }
        TestServer.Response got = server.get("/v1/items/new-comedy");
        assertEquals("store", got.json().get("source").asText());
        assertEquals("comedy", got.json().get("attributes").get("genre").get(0).asText());
        assertEquals("war ship storm", server.get("/v1/items/i0").json().get("text").asText());
        assertEquals(404, server.get("/v1/items/nope").status());
        // A drama fan does not get it first.
        server.post("/v1/events", "[{\"user_id\": \"dfan\", \"item_id\": \"i0\", \"type\": \"click\"}]", TestServer.KEY);
        assertFalse(items(server.get("/v1/users/dfan/recommendations?k=3&arm=itemknn")).contains("new-comedy"));
        // Its similar items are its content neighbours: the comedies.
        List<String> similar = items(server.get("/v1/items/new-comedy/similar?k=4"));
        assertEquals(List.of("i4", "i5", "i6", "i7"), similar.stream().sorted().toList());
        // Once seen it is excluded like any other item.
        server.post("/v1/events", "[{\"user_id\": \"fan\", \"item_id\": \"new-comedy\", \"type\": \"click\"}]", TestServer.KEY);
        assertFalse(items(server.get("/v1/users/fan/recommendations?k=8&arm=itemknn")).contains("new-comedy"));
        // A full refit keeps a stored item without events recommendable (placed from the catalogue now).
        server.put("/v1/items/new-drama", "{\"text\": \"storm at sea\", \"attributes\": {\"genre\": [\"drama\"]}}", TestServer.KEY);
        server.app.state().refit();
        assertTrue(server.app.state().freshItems().stream().noneMatch(c -> c.itemId().equals("new-drama")));
        assertTrue(items(server.get("/v1/users/dfan/recommendations?k=4&arm=itemknn")).contains("new-drama"));
    }

    @Test
    void iAlsArmsAreUpdatedIncrementallyBetweenFullRefits() throws Exception {
        assertEquals(ModelSnapshot.FULL, server.app.state().snapshot("ials").fitKind());
        server.post("/v1/events", "[{\"user_id\": \"n1\", \"item_id\": \"i5\", \"type\": \"click\"}, "
                + "{\"user_id\": \"n1\", \"item_id\": \"i6\", \"type\": \"click\"}]", TestServer.KEY);
        server.app.state().setFullRefitEvery(2);
        server.app.state().update();
        ModelSnapshot s = server.app.state().snapshot("ials");
        assertEquals(ModelSnapshot.INCREMENTAL, s.fitKind());
        assertEquals(ModelSnapshot.FULL, server.app.state().snapshot("itemknn").fitKind(), "itemknn has no incremental update");
        assertEquals(server.app.store().lastEventSeq(), s.eventsThrough());
        assertEquals("incremental", server.get("/health").json().get("arms").get("ials").get("fit_kind").asText());
        // n1 is now a trained user of the updated model, and a comedy comes first.
        int n1 = s.userIds().indexOf("n1");
        assertTrue(n1 >= 0 && n1 < s.train().numUsers());
        List<String> top = items(server.get("/v1/users/n1/recommendations?k=1&arm=ials"));
        assertTrue(List.of("i4", "i7").containsAll(top), top.toString());
        server.app.state().update();
        assertEquals(ModelSnapshot.INCREMENTAL, server.app.state().snapshot("ials").fitKind());
        server.app.state().update();
        assertEquals(ModelSnapshot.FULL, server.app.state().snapshot("ials").fitKind(), "every third update is full");
    }
}
