package ai.affinity.report;

import ai.affinity.eval.EvaluationResult;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReportTest {
    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedShape() throws IOException {
        EvaluationResult r = ReportFixtures.result(false);
        Path file = dir.resolve("out/results.json");
        JsonReport.write(r, file);
        JsonNode root = JsonReport.read(file);

        List<String> top = new ArrayList<>();
        root.fieldNames().forEachRemaining(top::add);
        assertEquals(List.of("dataset", "protocol", "ks", "models", "comparisons", "run"), top);
        assertEquals("tiny-fixture", root.path("dataset").path("name").asText());
        assertEquals(40, root.path("dataset").path("items").asInt());
        assertEquals("leave-last-out", root.path("protocol").path("name").asText());
        assertEquals("full", root.path("protocol").path("ranking").asText());
        assertEquals("[5,10,20]", root.path("ks").toString());
        assertEquals(42, root.path("run").path("seed").asLong());

        JsonNode pop = root.path("models").get(0);
        assertEquals(ReportFixtures.POP, pop.path("name").asText());
        assertEquals(64, root.path("models").get(1).path("params").path("factors").asInt());
        assertEquals(1.5, pop.path("fit_seconds").asDouble());
        assertEquals(0.25, pop.path("eval_seconds").asDouble());
        assertEquals(3, pop.path("users").asInt());

        JsonNode ndcg = pop.path("metrics").path("ndcg@10");
        double mean = ReportFixtures.mean(0, "ndcg", 10);
        assertEquals(mean, ndcg.path("mean").asDouble(), 1e-12);
        assertTrue(ndcg.path("ci95").isArray());
        assertEquals(2, ndcg.path("ci95").size());
        assertEquals(mean - 0.02, ndcg.path("ci95").get(0).asDouble(), 1e-12);
        assertEquals(mean + 0.03, ndcg.path("ci95").get(1).asDouble(), 1e-12);

        JsonNode coverage = pop.path("metrics").path("coverage@10");
        assertTrue(coverage.has("ci95"));
        assertTrue(coverage.path("ci95").isNull());
        assertEquals(ReportFixtures.mean(0, "coverage", 10), coverage.path("mean").asDouble(), 1e-12);

        JsonNode comparison = root.path("comparisons").get(0);
        assertEquals(ReportFixtures.MF, comparison.path("model").asText());
        assertEquals(ReportFixtures.POP, comparison.path("baseline").asText());
        assertEquals("ndcg@10", comparison.path("metric").asText());
        assertEquals(0.06, comparison.path("mean_difference").asDouble(), 1e-12);
        assertEquals(0.0123, comparison.path("p_value").asDouble(), 1e-12);
        assertEquals("paired t-test", comparison.path("test").asText());
    }

    @Test
    void nanBecomesNullAndPerUserArraysStayOut() {
        String json = JsonReport.toJson(ReportFixtures.result(false));
        assertFalse(json.contains("NaN"), "JSON has no NaN literal");
        assertFalse(json.contains("perUser") || json.contains("per_user"));
        JsonNode root = parse(json);
        JsonNode mrr5 = root.path("models").get(1).path("metrics").path("mrr@5");
        assertTrue(mrr5.path("mean").isNull());
        assertTrue(mrr5.path("ci95").isNull());
        assertTrue(root.path("dataset").path("density").isNull());
        assertTrue(json.contains("\n  \"dataset\""), "pretty-printed");
    }

    @Test
    void metricKeysAreOrderedByFamilyThenK() {
        JsonNode metrics = parse(JsonReport.toJson(ReportFixtures.result(false))).path("models").get(0).path("metrics");
        List<String> keys = new ArrayList<>();
        metrics.fieldNames().forEachRemaining(keys::add);
        List<String> expected = new ArrayList<>();
        for (String f : ReportFixtures.FAMILIES) {
            for (int k : ReportFixtures.KS) {
                expected.add(f + "@" + k);
            }
        }
        assertEquals(expected, keys);
    }

    @Test
    void perUserCsvHasOneRowPerModelAndUser() throws IOException {
        Path file = dir.resolve("per_user.csv");
        JsonReport.writePerUser(ReportFixtures.result(false), file);
        List<String> lines = Files.readAllLines(file);
        assertEquals("model,user,recall@10,ndcg@10", lines.get(0));
        assertEquals(1 + 2 * 3, lines.size());
        assertEquals("Pop & <Top>,0,0.5,0.25", lines.get(1));
        assertEquals("Pop & <Top>,2,0.0,NaN", lines.get(2));
        // The second model's name has a comma and quotes, so it is quoted with doubled quotes.
        assertEquals("\"iALS \"\"f=64\"\", 'fast'\",1,1.0,0.75", lines.get(6));
    }

    private static JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
