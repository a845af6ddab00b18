package ai.affinity.cli;

import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.Params;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.tune.SearchSpace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code affinity tune}, {@code affinity models} and {@code evaluate --config}, run in-process. */
class TuneCommandTest {
    /**
     * A test model registered as "planted": popularity plus item noise of amplitude |knob - 3|, so
     * knob = 3 is best; knob = 5 throws in fit. Registered through the ordinary registry hook.
     */
    record Planted(int knob) implements Algorithm<Model> {
        Planted {
            Params.check(knob >= 0 && knob <= 5, "planted", "knob", knob, "in [0, 5]");
        }

        @Override
        public String name() {
            return "planted";
        }

        @Override
        public Map<String, Object> params() {
            return Map.of("knob", knob);
        }

        @Override
        public Model fit(TrainingData data, FitContext ctx) {
            if (knob == 5) {
                throw new IllegalStateException("knob 5 diverges");
            }
            int[] counts = data.train().itemCounts();
            int max = 1;
            for (int c : counts) {
                max = Math.max(max, c);
            }
            SplittableRandom rng = new SplittableRandom(ctx.seed());
            float[] scores = new float[counts.length];
            for (int i = 0; i < counts.length; i++) {
                scores[i] = (float) (counts[i] + Math.abs(knob - 3) * max * rng.nextDouble());
            }
            return new Model() {
                @Override
                public int numItems() {
                    return scores.length;
                }

                @Override
                public void score(UserQuery query, float[] scoresOut) {
                    System.arraycopy(scores, 0, scoresOut, 0, scores.length);
                }
            };
        }
    }

    @BeforeAll
    static void registerTestModel() {
        AlgorithmRegistry.register("planted", p -> {
            Params params = new Params("planted", p);
            int knob = params.getInt("knob", 0);
            params.requireAllUsed();
            return new Planted(knob);
        }, SearchSpace.of(SearchSpace.choice("knob", 0, 1, 2, 3, 4, 5)));
    }

    private static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void helpListsTuneAndModels() {
        CliRun.Result r = run("--help");
        assertTrue(r.out().contains("tune") && r.out().contains("models"), r.out());
        CliRun.Result tune = run("tune", "--help");
        assertEquals(0, tune.code());
        assertTrue(tune.out().contains("--budget") && tune.out().contains("--validation-fraction"), tune.out());
    }

    @Test
    void modelsListsEveryModelWithRanges() {
        CliRun.Result r = run("models");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pop  (no parameters)"), r.out());
        assertTrue(r.out().contains("random  (no parameters)"), r.out());
        assertTrue(r.out().contains("planted  defaults: knob=0") && r.out().contains("knob: one of 0, 1, 2, 3, 4, 5"),
                r.out());
    }

    @Test
    void tuneFindsThePlantedBestWritesEverythingAndEvaluateReadsBestJson(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("tuned");
        CliRun.Result r = run("tune", "--data", "synthetic:tiny", "--protocol", "random", "--model", "planted", "--budget", "10",
                "--metric", "ndcg@10", "--seed", "42", "--threads", "2", "--k", "5,10", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // The trace, one line per trial, as it goes; then the best and the final table.
        assertTrue(r.out().contains("tuning planted: grid search, 6 trials"), r.out());
        assertTrue(r.out().contains("test never used for selection"), r.out());
        assertTrue(r.out().contains("trial 1/6  defaults  (defaults)"), r.out());
        assertTrue(r.out().contains("trial 4/6  grid      knob=3"), r.out());
        assertTrue(r.out().contains("trial 6/6  grid      knob=5") && r.out().contains("FAILED: IllegalStateException: knob 5 diverges"),
                r.out());
        assertTrue(r.out().contains("best: planted:knob=3"), r.out());
        assertTrue(r.out().contains("planted (tuned)") && r.out().contains("planted (defaults)"), r.out());
        assertTrue(r.out().contains("model_selection=tuned on a validation carve-out of 25% of training events"), r.out());

        ObjectMapper m = new ObjectMapper();
        JsonNode best = m.readTree(out.resolve("best.json").toFile());
        assertEquals("planted", best.path("model").asText());
        assertEquals("planted:knob=3", best.path("spec").asText());
        assertEquals(3, best.path("params").path("knob").asInt());
        assertTrue(best.has("validation") && best.has("test"));
        JsonNode trace = m.readTree(out.resolve("trace.json").toFile());
        assertEquals(6, trace.path("trials").size());
        assertEquals(7, Files.readAllLines(out.resolve("trace.csv")).size());
        JsonNode results = m.readTree(out.resolve("results.json").toFile());
        assertEquals(List.of("planted (tuned)", "planted (defaults)", "pop"),
                List.of(results.path("models").get(0).path("name").asText(),
                        results.path("models").get(1).path("name").asText(),
                        results.path("models").get(2).path("name").asText()));
        assertEquals(6, results.path("tuning").path("trials").size());
        assertTrue(results.path("run").path("command").asText().startsWith("affinity tune"));
        assertTrue(Files.readString(out.resolve("report.md")).contains("## Tuning"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<h2>Tuning</h2>"));

        // The tuned configuration goes straight back into evaluate, next to --models.
        Path evalOut = tmp.resolve("eval");
        CliRun.Result e = run("evaluate", "--data", "synthetic:tiny", "--models", "pop", "--config", out.resolve("best.json").toString(),
                "--seed", "42", "--threads", "2", "--k", "5,10", "--out", evalOut.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode eval = m.readTree(evalOut.resolve("results.json").toFile());
        assertEquals(2, eval.path("models").size());
        assertEquals("pop", eval.path("models").get(0).path("name").asText());
        assertEquals("planted", eval.path("models").get(1).path("name").asText());
        assertEquals(3, eval.path("models").get(1).path("params").path("knob").asInt());
        // Same split, same seed, same fitted model: the test numbers agree with tune's.
        assertEquals(results.path("models").get(0).path("metrics").path("ndcg@10").path("mean").asDouble(),
                eval.path("models").get(1).path("metrics").path("ndcg@10").path("mean").asDouble(), 1e-12);
    }

    @Test
    void tuneIsDeterministic(@TempDir Path tmp) throws Exception {
        for (String name : new String[] {"a", "b"}) {
            CliRun.Result r = run("tune", "--data", "synthetic:tiny", "--model", "planted", "--budget", "4", "--seed", "5",
                    "--threads", "2", "--k", "10", "--out", tmp.resolve(name).toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("random search, 4 trials"), r.out());
        }
        ObjectMapper m = new ObjectMapper();
        JsonNode a = m.readTree(tmp.resolve("a/trace.json").toFile()).path("trials");
        JsonNode b = m.readTree(tmp.resolve("b/trace.json").toFile()).path("trials");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).path("config"), b.get(i).path("config"));
            assertEquals(a.get(i).path("score"), b.get(i).path("score"));
        }
    }

    @Test
    void tunePopIsOneTrial() {
        CliRun.Result r = run("tune", "--data", "synthetic:tiny", "--model", "pop", "--budget", "5", "--threads", "2", "--k", "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("defaults only search, 1 trials") && r.out().contains("best: pop"), r.out());
    }

    @Test
    void tuneErrorsAreOneClearLine() {
        CliRun.Result unknown = run("tune", "--data", "synthetic:tiny", "--model", "nosuch");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown model 'nosuch'"), unknown.err());
        CliRun.Result metric = run("tune", "--data", "synthetic:tiny", "--model", "planted", "--metric", "auc");
        assertEquals(2, metric.code());
        assertTrue(metric.err().contains("metric 'auc'") && metric.err().contains("ndcg@10"), metric.err());
        CliRun.Result grid = run("tune", "--data", "synthetic:tiny", "--model", "planted", "--search", "grid", "--budget", "3");
        assertEquals(2, grid.code());
        assertTrue(grid.err().contains("raise the budget to 7"), grid.err());
        CliRun.Result search = run("tune", "--data", "synthetic:tiny", "--model", "planted", "--search", "bayes");
        assertEquals(2, search.code());
        assertTrue(search.err().contains("auto, grid or random"), search.err());
        assertFalse(search.err().contains("Exception"), search.err());
    }

    @Test
    void evaluateConfigFilesAndTheirErrors(@TempDir Path tmp) throws Exception {
        Path list = tmp.resolve("models.json");
        Files.writeString(list, "{\"models\": [\"planted:knob=3\", \"planted:knob=1\"]}");
        Path more = tmp.resolve("more.json");
        Files.writeString(more, "{\"model\": \"random\", \"params\": {}}");
        CliRun.Result r = run("evaluate", "--data", "synthetic:tiny", "--config", list.toString(), "--config", more.toString(),
                "--threads", "2", "--k", "10", "--out", tmp.resolve("o").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("o/results.json").toFile());
        assertEquals(3, json.path("models").size(), "only the config's models when --models is not given");
        assertEquals(1, json.path("models").get(1).path("params").path("knob").asInt());
        assertEquals("random", json.path("models").get(2).path("name").asText());

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"models\": \"pop\"}");
        CliRun.Result badShape = run("evaluate", "--data", "synthetic:tiny", "--config", bad.toString());
        assertEquals(2, badShape.code());
        assertTrue(badShape.err().contains("bad.json") && badShape.err().contains("must be an array"), badShape.err());
        CliRun.Result missing = run("evaluate", "--data", "synthetic:tiny", "--config", tmp.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.json: no such file"), missing.err());
        Path badSpec = tmp.resolve("spec.json");
        Files.writeString(badSpec, "{\"spec\": \"planted:knob=9\"}");
        CliRun.Result rejected = run("evaluate", "--data", "synthetic:tiny", "--config", badSpec.toString());
        assertEquals(2, rejected.code());
        assertTrue(rejected.err().contains("spec.json") && rejected.err().contains("'knob' must be in [0, 5]"),
                rejected.err());
    }
}
