package ai.affinity.server;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;
import ai.affinity.server.http.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server on an ephemeral port over a hand-made data set with two clusters: users u0-u2 use items
 * i0-i3, users u3-u5 use items i4-i7 (so item-kNN puts i0's cluster mates first), plus a JSON client.
 */
public final class TestServer implements AutoCloseable {
    public static final String KEY = "test-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final ServerApp app;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public TestServer(String storeLocation, ServerConfig config) {
        Map<String, String> arms = new LinkedHashMap<>();
        arms.put("itemknn", "itemknn");
        arms.put("pop", "pop");
        app = ServerApp.start(fixture(), new ServerApp.Options(storeLocation, arms, "exp1", 0, 42, 1), config);
        base = "http://127.0.0.1:" + app.port();
    }

    /** Wraps a server started elsewhere (own data set or arms). */
    public TestServer(ServerApp app) {
        this.app = app;
        this.base = "http://127.0.0.1:" + app.port();
    }

    public TestServer(Path dir) {
        this(dir.resolve("store.db").toString(), ServerConfig.defaults(0, KEY));
    }

    /** Six users, eight items, two clusters of co-used items; u0 and u3 use three items each of theirs. */
    public static Dataset fixture() {
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
            catalog.set(i, ItemContent.titled("item " + i));
        }
        return new Dataset("fixture", users, items, b.build(), catalog, new UserCatalog(), new LoadReport(), Map.of());
    }

    /** A status and parsed JSON body (null when the body is not JSON). */
    public record Response(int status, JsonNode json, String text) {
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Response post(String path, String body, String key) throws IOException, InterruptedException {
        return send(withKey(HttpRequest.newBuilder(URI.create(base + path)), key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response put(String path, String body, String key) throws IOException, InterruptedException {
        return send(withKey(HttpRequest.newBuilder(URI.create(base + path)), key)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode n = null;
        try {
            n = JSON.readTree(r.body());
        } catch (IOException e) {
            // not JSON (e.g. /metrics)
        }
        return new Response(r.statusCode(), n, r.body());
    }

    public String url(String path) {
        return base + path;
    }

    private static HttpRequest.Builder withKey(HttpRequest.Builder b, String key) {
        return key == null ? b : b.header("X-API-Key", key);
    }

    @Override
    public void close() {
        app.close();
    }
}
