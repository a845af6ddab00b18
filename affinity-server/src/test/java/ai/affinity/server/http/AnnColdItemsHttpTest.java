package ai.affinity.server.http;

import ai.affinity.ann.HnswParams;
import ai.affinity.model.Model;
import ai.affinity.server.ServerApp;
import ai.affinity.server.TestServer;
import ai.affinity.server.retrieval.AnnRetriever;
import ai.affinity.server.retrieval.BruteForceRetriever;
import ai.affinity.server.retrieval.Retriever;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Items without events go through the ANN path of a vector model (iALS): a PUT item is added to the arm's index
 * with the weighted mean of its content neighbours' vectors, and a stored item without events is indexed with
 * its placement at the next build; answers (items and scores) equal brute force, which scores such items as the
 * weighted mean of their neighbours' scores.
 */
class AnnColdItemsHttpTest {
    @TempDir
    Path dir;
    TestServer server;
    AnnRetriever ann;

    @BeforeEach
    void start() {
        Map<String, String> arms = new LinkedHashMap<>();
        arms.put("ials", "ials:factors=4,iterations=5,lambda=0.1,alpha=5");
        ServerApp app = ServerApp.start(ColdStartHttpTest.fixture(),
                new ServerApp.Options(dir.resolve("s.db").toString(), arms, "e", 0, 42, 1), ServerConfig.defaults(0, TestServer.KEY));
        server = new TestServer(app);
        ann = new AnnRetriever(0, HnswParams.defaults());
        app.state().setRetriever(ann);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Model model() {
        return server.app.state().snapshot("ials").model();
    }

    private JsonNode recs(String user, int k) throws Exception {
        TestServer.Response r = server.get("/v1/users/" + user + "/recommendations?k=" + k + "&arm=ials");
        assertEquals(200, r.status(), r.text());
        return r.json().get("items");
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new java.util.ArrayList<>();
        items.forEach(n -> out.add(n.get("item_id").asText()));
        return out;
    }

    /** The same request answered by brute force (every item scored, cold ones from their neighbours). */
    private JsonNode bruteRecs(String user, int k) throws Exception {
        server.app.state().setRetriever(BruteForceRetriever.INSTANCE);
        try {
            return recs(user, k);
        } finally {
            server.app.state().setRetriever(ann);
        }
    }

    private void assertSameAsBruteForce(String user, int k) throws Exception {
        JsonNode a = recs(user, k);
        JsonNode b = bruteRecs(user, k);
        assertEquals(ids(b), ids(a));
        for (int i = 0; i < a.size(); i++) {
            double s = b.get(i).get("score").asDouble();
            assertEquals(s, a.get(i).get("score").asDouble(), 1e-5 * Math.max(1, Math.abs(s)), ids(a).get(i));
        }
    }

    @Test
    void aPutItemIsAddedToTheIndexAndReturnedThroughIt() throws Exception {
        assertTrue(ann.covers(model()));
        server.post("/v1/events", "[{\"user_id\": \"fan\", \"item_id\": \"i4\", \"type\": \"click\"}]", TestServer.KEY);
        TestServer.Response put = server.put("/v1/items/new-comedy", "{\"title\": \"a new one\", \"text\": \"love and a wedding\", "
                + "\"attributes\": {\"genre\": [\"comedy\"]}}", TestServer.KEY);
        assertEquals(201, put.status(), put.text());
        // The PUT itself put it into the index, after the model's 8 items.
        int node = ann.addedNode(model(), "new-comedy");
        assertEquals(8, node);
        assertEquals("new-comedy", ann.addedItemId(model(), node));
        assertEquals(9, ann.index(model()).size());

        assertTrue(ids(recs("fan", 4)).contains("new-comedy"));
        assertSameAsBruteForce("fan", 5);
        // Seen: excluded through the index too.
        server.post("/v1/events", "[{\"user_id\": \"fan\", \"item_id\": \"new-comedy\", \"type\": \"click\"}]", TestServer.KEY);
        assertFalse(ids(recs("fan", 8)).contains("new-comedy"));
        assertSameAsBruteForce("fan", 8);

        // New content: a new node, the old one retired (never returned twice).
        server.put("/v1/items/new-comedy", "{\"text\": \"storm at sea\", \"attributes\": {\"genre\": [\"drama\"]}}", TestServer.KEY);
        int moved = ann.addedNode(model(), "new-comedy");
        assertNotEquals(node, moved);
        server.post("/v1/events", "[{\"user_id\": \"dfan\", \"item_id\": \"i0\", \"type\": \"click\"}]", TestServer.KEY);
        List<String> top = ids(recs("dfan", 9));
        assertEquals(1, top.stream().filter("new-comedy"::equals).count(), top.toString());
        assertSameAsBruteForce("dfan", 9);
        // A model swapped in later gets the still fresh items on its first request (idempotent per placement).
        assertEquals(moved, ann.addItem(model(), "new-comedy", server.app.state().freshItem("new-comedy").placedAtNanos(), -1,
                new Retriever.Placement(new int[0], new float[0])));
    }

    @Test
    void storedItemsWithoutEventsAreIndexedWithTheirPlacementAfterARefit() throws Exception {
        server.put("/v1/items/new-drama", "{\"text\": \"storm at sea\", \"attributes\": {\"genre\": [\"drama\"]}}", TestServer.KEY);
        server.app.state().refit();
        assertTrue(server.app.state().freshItems().isEmpty());
        assertTrue(ann.covers(model()));
        assertEquals(9, model().numItems()); // in the catalogue now, without events
        assertEquals(9, ann.index(model()).size());
        server.post("/v1/events", "[{\"user_id\": \"dfan\", \"item_id\": \"i0\", \"type\": \"click\"}]", TestServer.KEY);
        assertTrue(ids(recs("dfan", 4)).contains("new-drama"));
        assertSameAsBruteForce("dfan", 9);
        assertNull(ann.addedItemId(model(), 8));
    }

    @Test
    void meanVectorIsTheWeightedMeanOfTheNeighboursVectors() {
        ai.affinity.model.VectorModel m = new ai.affinity.model.VectorModel() {
            final float[][] v = {{1, 0}, {0, 2}, {5, 5}};

            @Override
            public int dim() {
                return 2;
            }

            @Override
            public float[] userVector(ai.affinity.model.UserQuery q) {
                return new float[]{1, 1};
            }

            @Override
            public float[] itemVector(int item) {
                return v[item].clone();
            }

            @Override
            public int numItems() {
                return 3;
            }

            @Override
            public void score(ai.affinity.model.UserQuery q, float[] out) {
                for (int i = 0; i < 3; i++) {
                    out[i] = v[i][0] + v[i][1];
                }
            }
        };
        // (1·[1,0] + 3·[0,2]) / 4 = [0.25, 1.5]; index -1 and 7 are not items of the model and are skipped.
        assertArrayEquals(new float[]{0.25f, 1.5f},
                AnnRetriever.meanVector(m, new Retriever.Placement(new int[]{0, -1, 1, 7}, new float[]{1, 9, 3, 9})), 1e-7f);
        assertNull(AnnRetriever.meanVector(m, new Retriever.Placement(new int[]{-1}, new float[]{1})));
    }
}
