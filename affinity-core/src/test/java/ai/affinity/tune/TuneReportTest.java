package ai.affinity.tune;

import ai.affinity.data.Dataset;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.eval.Evaluator;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files a tuning run writes, read back; and the config files evaluate reads. */
class TuneReportTest {
    private static TuningResult result;

    @BeforeAll
    static void tuneOnce() {
        PlantedAlgorithm.register("planted");
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.preset("tiny").withMedia(false), 42);
        Split split = new RandomHoldout(0.2).split(data, 42);
        result = Tuner.tune(data, split, new Tuner.Options("planted", 20, "ndcg@10", Tuner.Search.AUTO, 0.25, 50,
                new Evaluator.Options(new int[] {5, 10}, 0, 2, 42, 100)), Map.of("command", "affinity tune ..."), null, null);
    }

    @Test
    void writesTraceBestAndReports(@TempDir Path dir) throws Exception {
        TuneReport.writeAll(result, dir);
        ObjectMapper m = new ObjectMapper();
        JsonNode trace = m.readTree(dir.resolve("trace.json").toFile());
        assertEquals("planted", trace.path("model").asText());
        assertEquals("grid", trace.path("strategy").asText());
        assertEquals(8, trace.path("trials").size());
        assertEquals(0.25, trace.path("validation").path("fraction").asDouble());
        assertEquals("random", trace.path("validation").path("source_protocol").asText());
        assertTrue(trace.path("selection").asText().contains("test never used for selection"));
        JsonNode failed = trace.path("trials").get(6);
        assertEquals("failed", failed.path("status").asText());
        assertTrue(failed.path("score").isNull());
        assertTrue(failed.path("error").asText().contains("knob 6 diverges"));
        JsonNode ok = trace.path("trials").get(3);
        assertEquals("3", ok.path("config").path("knob").asText());
        assertEquals(2, ok.path("score").path("ci95").size());

        List<String> csv = Files.readAllLines(dir.resolve("trace.csv"));
        assertEquals(9, csv.size());
        assertTrue(csv.get(0).startsWith("index,origin,status,knob,ndcg@10,ci_low,ci_high,"), csv.get(0));
        assertTrue(csv.get(1).startsWith("0,defaults,ok,0,"), "defaults row shows the built value: " + csv.get(1));
        assertTrue(csv.get(8).startsWith("7,grid,failed,7,,,,") && csv.get(8).contains("must be in [0"), csv.get(8));

        JsonNode best = m.readTree(dir.resolve("best.json").toFile());
        assertEquals("planted", best.path("model").asText());
        assertEquals("planted:knob=3", best.path("spec").asText());
        assertEquals(3, best.path("params").path("knob").asInt());
        assertEquals("ndcg@10", best.path("validation").path("metric").asText());
        assertEquals(result.best().value(), best.path("validation").path("mean").asDouble(), 1e-12);
        assertTrue(best.path("test").path("ndcg@10").path("mean").asDouble() > 0);

        JsonNode results = m.readTree(dir.resolve("results.json").toFile());
        assertEquals(3, results.path("models").size());
        assertEquals("planted (tuned)", results.path("models").get(0).path("name").asText());
        assertEquals(8, results.path("tuning").path("trials").size());
        assertTrue(results.path("protocol").path("model_selection").asText().contains("validation carve-out of 25%"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## Tuning") && md.contains("test never used for selection") && md.contains("failed:"), md);
        String html = Files.readString(dir.resolve("report.html"));
        int section = html.indexOf("<h2>Tuning</h2>");
        assertTrue(section > 0 && section < html.indexOf("<footer>"));
        assertTrue(html.contains("planted:knob=3"));

        // best.json is a config file for evaluate.
        assertEquals(List.of("planted:knob=3"), ModelConfigs.read(dir.resolve("best.json")));
    }

    @Test
    void traceLineShowsConfigMetricAndSeconds() {
        String line = TuneReport.traceLine(result.trials().get(3), 8, "ndcg@10");
        assertTrue(line.startsWith("trial 4/8  grid      knob=3"), line);
        assertTrue(line.contains("ndcg@10 0.") && line.contains("fit ") && line.contains("eval "), line);
        String failed = TuneReport.traceLine(result.trials().get(6), 8, "ndcg@10");
        assertTrue(failed.contains("FAILED: IllegalStateException: knob 6 diverges"), failed);
        assertTrue(TuneReport.traceLine(result.trials().get(0), 8, "ndcg@10").contains("(defaults)"));
    }

    @Test
    void configFilesInEveryAcceptedShape(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("models.json");
        Files.writeString(list, "{\"models\": [\"planted:knob=2\", \"pop\"]}");
        assertEquals(List.of("planted:knob=2", "pop"), ModelConfigs.read(list));
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[\"pop\"]");
        assertEquals(List.of("pop"), ModelConfigs.read(array));
        Path modelParams = dir.resolve("mp.json");
        Files.writeString(modelParams, "{\"model\": \"planted\", \"params\": {\"knob\": 4.0}}");
        assertEquals(List.of("planted:knob=4"), ModelConfigs.read(modelParams));
    }

    @Test
    void badConfigFilesNameTheFileAndWhatWasExpected(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.json");
        assertMessage(missing, "nope.json", "no such file");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"models\": [\"pop\",\n}");
        assertMessage(broken, "broken.json", "not valid JSON at line 2");
        Path shape = dir.resolve("shape.json");
        Files.writeString(shape, "{\"algorithms\": [\"pop\"]}");
        assertMessage(shape, "shape.json", "keys [algorithms]", "expected {\"models\"");
        Path notString = dir.resolve("num.json");
        Files.writeString(notString, "{\"models\": [\"pop\", 3]}");
        assertMessage(notString, "num.json", "models[1] must be a spec string", "the number 3");
        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, "{\"models\": [\"pop\", \"nosuch:x=1\"]}");
        assertMessage(unknown, "unknown.json", "model 2 ('nosuch:x=1')", "unknown model 'nosuch'");
        Path badParam = dir.resolve("param.json");
        Files.writeString(badParam, "{\"spec\": \"planted:knob=9\"}");
        assertMessage(badParam, "param.json", "'knob' must be in [0, 6]");
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "{\"models\": []}");
        assertMessage(empty, "empty.json", "lists no models");
    }

    @Test
    void registryDescribesParametersAndRanges() {
        String d = AlgorithmRegistry.describe("planted");
        assertTrue(d.startsWith("planted  defaults: knob=0\n"), d);
        assertTrue(d.contains("knob: one of 0, 1, 2, 3, 4, 5, 6, 7") && d.contains("grid of 8"), d);
        assertTrue(AlgorithmRegistry.describe("pop").contains("(no parameters)"));
        assertEquals(Map.of("knob", 0), AlgorithmRegistry.defaults("planted"));
        SearchSpace.Range r = SearchSpace.logRange("lambda", 1, 1000, 4);
        assertEquals("log-uniform [1, 1000], grid 1, 10, 100, 1000", r.describe());
        assertEquals("uniform integer [2, 8], grid 2, 5, 8", new SearchSpace.Range("n", 2, 8, false, true, 3).describe());
    }

    private static void assertMessage(Path file, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfigs.read(file));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }
}
