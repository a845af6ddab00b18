package ai.affinity.server.http;

import ai.affinity.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard page: its data endpoint, and the page itself rendered by headless Chromium (skipped with
 * a message when no Chromium is installed; {@code AFFINITY_CHROMIUM} names another binary).
 */
class DashboardTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir);
        String events = "[" + String.join(",", List.of(
                ev("a", "impression", "2026-03-01T09:00:00Z", "A"), ev("a", "impression", "2026-03-01T09:00:01Z", "A"),
                ev("a", "click", "2026-03-01T09:00:02Z", "A"), ev("b", "impression", "2026-03-01T10:00:00Z", "B"),
                ev("b", "click", "2026-03-01T10:00:01Z", "B"), ev("a", "impression", "2026-03-02T09:00:00Z", "A"),
                ev("a", "click", "2026-03-02T09:00:01Z", "A"))) + "]";
        assertEquals(200, server.post("/v1/events", events, TestServer.KEY).status());
    }

    private static String ev(String user, String type, String time, String arm) {
        return "{\"user_id\": \"" + user + "\", \"item_id\": \"i1\", \"type\": \"" + type + "\", \"timestamp\": \"" + time
                + "\", \"request_id\": \"r\", \"arm\": \"" + arm + "\"}";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dashboardDataHasCountsAndVersions() throws Exception {
        TestServer.Response d = server.get("/v1/dashboard");
        assertEquals(200, d.status(), d.text());
        assertEquals(7, d.json().get("counts").get("events").asInt());
        assertEquals(2, d.json().get("model_versions").size());
        assertEquals("exp1", d.json().get("experiment").asText());
        TestServer.Response page = server.get("/");
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<svg id=\"dau-chart\""));
        assertTrue(!page.text().contains("http://") || page.text().contains("http://www.w3.org/2000/svg"),
                "the page loads nothing from outside the server");
    }

    @Test
    void headlessChromiumRendersTheCharts() throws Exception {
        String chromium = System.getenv().getOrDefault("AFFINITY_CHROMIUM", "/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromium)),
                "dashboard browser test skipped: no Chromium at " + chromium + " (apt-get install chromium, or set AFFINITY_CHROMIUM)");
        Path profile = Files.createTempDirectory(dir, "chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
                server.url("/?from=2026-03-01&to=2026-03-02")));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
        byte[] dom = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        String html = new String(dom, StandardCharsets.UTF_8);
        assertTrue(html.contains("data-rendered=\"true\""), "page did not finish rendering:\n" + html
                + "\nstderr: " + Files.readString(dir.resolve("chromium.err")));
        // DAU bars: A on both days, B on the first; CTR points with the same keys.
        assertEquals(3, count(html, "<rect[^>]*data-arm="), html);
        assertEquals(3, count(html, "<circle[^>]*data-arm="), html);
        assertTrue(html.contains("data-day=\"2026-03-02\""));
        // Arms table: A has 3 impressions and 2 clicks; B 1 and 1.
        assertTrue(html.matches("(?s).*<td>A</td><td>3</td><td>2</td><td>0\\.6667</td>.*"), html);
        assertTrue(html.contains("A vs B: CTR difference"));
        // Model versions table: one row per arm, whose arm and spec cells both read "itemknn" / "pop".
        assertEquals(1, count(html, "<td>itemknn</td><td>\\d+</td><td>itemknn</td>"), html);
        assertEquals(1, count(html, "<td>pop</td><td>\\d+</td><td>pop</td>"), html);
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
