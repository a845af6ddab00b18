package ai.affinity.server.http;

import ai.affinity.engagement.Proportions;
import ai.affinity.server.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Engagement numbers on hand-made impressions and clicks, checked against hand-computed DAU and CTR. */
class EngagementHttpTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir);
        StringBuilder sb = new StringBuilder("[");
        // 2026-03-01, arm A: a sees 4 items and clicks 2, b sees 4 and clicks none -> 8 impressions, 2 clicks, DAU 1.
        for (int i = 0; i < 4; i++) {
            add(sb, "a", "impression", "2026-03-01T09:00:0" + i + "Z", "r1", "A");
            add(sb, "b", "impression", "2026-03-01T10:00:0" + i + "Z", "r2", "A");
        }
        add(sb, "a", "click", "2026-03-01T09:01:00Z", "r1", "A");
        add(sb, "a", "click", "2026-03-01T09:02:00Z", "r1", "A");
        // 2026-03-01, arm B: c and d see 2 each and click 1 each -> 4 impressions, 2 clicks, DAU 2.
        for (String u : new String[]{"c", "d"}) {
            add(sb, u, "impression", "2026-03-01T11:00:00Z", "r-" + u, "B");
            add(sb, u, "impression", "2026-03-01T11:00:01Z", "r-" + u, "B");
            add(sb, u, "click", "2026-03-01T11:00:02Z", "r-" + u, "B");
        }
        // 2026-03-02, arm A: a sees 2, clicks 1 at 23:59:59 (still the 2nd in UTC).
        add(sb, "a", "impression", "2026-03-02T08:00:00Z", "r3", "A");
        add(sb, "a", "impression", "2026-03-02T08:00:01Z", "r3", "A");
        add(sb, "a", "click", "2026-03-02T23:59:59Z", "r3", "A");
        // Outside the range, and an unattributed click: neither counts.
        add(sb, "a", "click", "2026-03-03T00:00:00Z", "r4", "A");
        sb.append(",{\"user_id\": \"z\", \"item_id\": \"i1\", \"type\": \"click\", \"timestamp\": \"2026-03-01T12:00:00Z\"}");
        TestServer.Response r = server.post("/v1/events", sb.append("]").toString(), TestServer.KEY);
        assertEquals(200, r.status(), r.text());
    }

    private static void add(StringBuilder sb, String user, String type, String time, String request, String arm) {
        sb.append(sb.length() == 1 ? "" : ",").append("{\"user_id\": \"").append(user).append("\", \"item_id\": \"i1\", \"type\": \"")
                .append(type).append("\", \"timestamp\": \"").append(time).append("\", \"request_id\": \"").append(request)
                .append("\", \"arm\": \"").append(arm).append("\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void perDayAndArmNumbersMatchTheHandCount() throws Exception {
        TestServer.Response r = server.get("/v1/metrics/engagement?from=2026-03-01&to=2026-03-02");
        assertEquals(200, r.status(), r.text());
        JsonNode days = r.json().get("days");
        assertEquals(3, days.size(), r.text());
        JsonNode a1 = days.get(0);
        assertEquals("2026-03-01", a1.get("day").asText());
        assertEquals("A", a1.get("arm").asText());
        assertEquals(1, a1.get("active_users").asInt());
        assertEquals(8, a1.get("impressions").asInt());
        assertEquals(2, a1.get("clicks").asInt());
        assertEquals(0.25, a1.get("ctr").asDouble(), 1e-12);
        Proportions.Interval ci = Proportions.wilson95(2, 8);
        assertEquals(ci.lower(), a1.get("ctr_ci").get(0).asDouble(), 1e-12);
        assertEquals(ci.upper(), a1.get("ctr_ci").get(1).asDouble(), 1e-12);
        JsonNode b1 = days.get(1);
        assertEquals("B", b1.get("arm").asText());
        assertEquals(2, b1.get("active_users").asInt());
        assertEquals(0.5, b1.get("ctr").asDouble(), 1e-12);
        JsonNode a2 = days.get(2);
        assertEquals("2026-03-02", a2.get("day").asText());
        assertEquals(1, a2.get("active_users").asInt());
        assertEquals(2, a2.get("impressions").asInt());
        assertEquals(1, a2.get("clicks").asInt());

        JsonNode armA = r.json().get("arms").get(0);
        assertEquals(10, armA.get("impressions").asInt());
        assertEquals(3, armA.get("clicks").asInt());
        assertEquals(0.3, armA.get("ctr").asDouble(), 1e-12);
        assertEquals(1, armA.get("active_users").asInt());
        assertEquals(1.0, armA.get("mean_daily_active_users").asDouble(), 1e-12);

        // A: 3/10 vs B: 2/4. Pooled 5/14, se = sqrt(5/14 * 9/14 * (1/10 + 1/4)) = 0.283473, z = -0.2 / se = -0.705534,
        // p = 2 * Phi(-0.705534) = 0.480478.
        JsonNode c = r.json().get("comparisons").get(0);
        assertEquals("A", c.get("arm_a").asText());
        assertEquals("B", c.get("arm_b").asText());
        assertEquals(-0.2, c.get("difference").asDouble(), 1e-12);
        assertEquals(-0.705534, c.get("z").asDouble(), 1e-6);
        assertEquals(0.480478, c.get("p_value").asDouble(), 1e-5);
    }

    @Test
    void aRangeWithoutEventsIsEmpty() throws Exception {
        TestServer.Response r = server.get("/v1/metrics/engagement?from=2025-01-01&to=2025-01-31");
        assertEquals(200, r.status());
        assertEquals(0, r.json().get("days").size());
        assertTrue(r.json().get("definitions").asText().contains("Wilson"));
    }
}
