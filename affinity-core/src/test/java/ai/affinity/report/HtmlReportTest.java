package ai.affinity.report;

import ai.affinity.eval.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void selfContainedWithOneSvgPerChart() throws IOException {
        EvaluationResult r = ReportFixtures.result(false);
        Path file = dir.resolve("report.html");
        HtmlReport.write(r, file);
        String html = Files.readString(file);
        if (System.getProperty("affinity.report.html") != null) {
            Files.writeString(Path.of(System.getProperty("affinity.report.html")), html);
        }

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        // 7 headline bar charts at k = 10, and 3 metric-vs-k line charts.
        assertEquals(7 + 3, count(html, "<svg"));
        // One bar per model and metric at k = 10 (every mean there is finite).
        assertEquals(7 * 2, count(html, "<rect class=\"bar\""));
        // Whiskers for every metric but coverage: one line and two caps each.
        assertEquals(6 * 2, count(html, "<line class=\"whisker\""));
        assertEquals(6 * 2 * 2, count(html, "<line class=\"whisker cap\""));
        assertEquals(3 * 2, count(html, "<polyline class=\"series\""), "lines per model and chart");

        String lower = html.toLowerCase();
        assertFalse(lower.contains("<script"), "no scripts at all");
        assertFalse(lower.contains("http://") || lower.contains("https://"), "nothing external");
        assertFalse(lower.contains("<link") || lower.contains("@import") || lower.contains("url("));

        assertTrue(html.contains("Pop &amp; &lt;Top&gt;"));
        assertTrue(html.contains("iALS &quot;f=64&quot;, &#39;fast&#39;"));
        assertFalse(html.contains("<Top>"));
        assertFalse(html.contains("\"f=64\""));

        // Protocol at the top, before any table of numbers.
        int protocol = html.indexOf("<h2>Protocol</h2>");
        assertTrue(protocol > 0 && protocol < html.indexOf("<h2>Metrics</h2>"));
        assertTrue(html.contains("leave-last-out") && html.contains("affinity evaluate --data tiny --seed 42"));
        assertTrue(html.contains("Full ranking"));
        assertFalse(html.contains("class=\"banner sampled\"") || html.contains("SAMPLED"));
        assertTrue(html.contains("<h2>Comparisons</h2>") && html.contains("0.0123") && html.contains("3.2e-06"));
    }

    @Test
    void barsStartAtZeroAndWhiskersStayOnScale() {
        String html = HtmlReport.render(ReportFixtures.result(false));
        // Every bar's left edge is the chart's zero line; in the fixture all means are positive.
        Matcher bar = Pattern.compile("<rect class=\"bar\" x=\"([0-9.]+)\"").matcher(html);
        Matcher zero = Pattern.compile("<line class=\"axis\" x1=\"([0-9.]+)\" y1=\"[0-9.]+\" x2=\"\\1\"[^>]*/>\\n</svg>")
                .matcher(html);
        assertTrue(zero.find());
        String zeroX = zero.group(1);
        int bars = 0;
        while (bar.find()) {
            assertEquals(zeroX, bar.group(1));
            bars++;
        }
        assertEquals(14, bars);
        Matcher whisker = Pattern.compile("<line class=\"whisker\" x1=\"([0-9.]+)\" y1=\"[0-9.]+\" x2=\"([0-9.]+)\"")
                .matcher(html);
        while (whisker.find()) {
            double x2 = Double.parseDouble(whisker.group(2));
            assertTrue(Double.parseDouble(whisker.group(1)) >= Double.parseDouble(zeroX));
            assertTrue(x2 <= Charts.WIDTH, "whisker inside the chart");
        }
    }

    @Test
    void sampledIsLabelledProminently() {
        String html = HtmlReport.render(ReportFixtures.result(true));
        int banner = html.indexOf("<div class=\"banner sampled\"><strong>SAMPLED RANKING: sampled (100 negatives)");
        assertTrue(banner > 0 && banner < html.indexOf("<h2>Protocol</h2>"), "banner above the protocol");
    }

    @Test
    void niceTicksCoverTheDataFromZero() {
        Charts.Ticks t = Charts.Ticks.of(0, 0.27);
        assertEquals(0.0, t.lo());
        assertEquals(0.3, t.hi(), 1e-12);
        assertEquals(0.1, t.step(), 1e-12);
        assertEquals(4, t.count());
        assertEquals("0.3", t.label(t.value(3)));
        Charts.Ticks flat = Charts.Ticks.of(0, 0);
        assertEquals(1.0, flat.hi(), 1e-12);
        Charts.Ticks big = Charts.Ticks.of(0, 12.5);
        assertEquals(15.0, big.hi(), 1e-12);
        assertEquals("5", big.label(5.0));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
