package ai.affinity.cli;

import ai.affinity.deep.ncf.NeuMf;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.tune.SearchSpace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code affinity tune} end to end on a deep model: NeuMF (DJL/PyTorch training, pure-Java scoring)
 * on synthetic:tiny, in-process. To stay fast the test registers "neumf-quick": NeuMF with 2 epochs
 * of large batches and a two-parameter search (embedding size, negative sampler); the tuning path
 * (validation carve-out, trials, selection, final fits, best.json, evaluate --config) is the one
 * every model goes through. The full search spaces are checked in affinity-deep's DeepSearchSpacesTest.
 */
class DeepTuneCommandTest {
    @BeforeAll
    static void registerQuickNeuMf() {
        AffinityCli.execute("models"); // registers the deep models, as at start-up
        AlgorithmRegistry.register("neumf-quick", p -> {
            Map<String, String> values = new HashMap<>(Map.of("epochs", "2", "batch", "1024", "layers", "16-8"));
            values.putAll(p);
            return NeuMf.fromParams(values);
        }, SearchSpace.of(SearchSpace.choice("factors", 4, 8), SearchSpace.choice("sampling", "uniform", "popularity")));
    }

    private static String[] run(String... args) {
        return CliRun.run(args).parts();
    }

    @Test
    void tunesNeuMfOnTinyDataAndEvaluateReadsTheBest(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("tuned");
        String[] r = run("tune", "--data", "synthetic:tiny", "--model", "neumf-quick", "--budget", "3", "--seed", "42",
                "--threads", "1", "--k", "10", "--trial-bootstrap", "20", "--bootstrap", "50", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("tuning neumf-quick: random search, 3 trials"), r[1]);
        assertTrue(r[1].contains("trial 1/3  defaults") && r[1].contains("trial 3/3"), r[1]);
        assertFalse(r[1].contains("FAILED"), r[1]);
        assertTrue(r[1].contains("best: neumf-quick:") && r[1].contains("neumf-quick (tuned)"), r[1]);
        ObjectMapper m = new ObjectMapper();
        JsonNode best = m.readTree(out.resolve("best.json").toFile());
        assertEquals("neumf-quick", best.path("model").asText());
        assertTrue(best.path("params").has("layers") && best.path("params").path("epochs").asInt() == 2, best.toString());
        double tuned = best.path("test").path("ndcg@10").path("mean").asDouble();
        assertTrue(tuned > 0 && tuned <= 1, best.toString());

        Path evalOut = tmp.resolve("eval");
        String[] e = run("evaluate", "--data", "synthetic:tiny", "--models", "pop", "--config",
                out.resolve("best.json").toString(), "--seed", "42", "--threads", "1", "--k", "10", "--bootstrap", "50",
                "--out", evalOut.toString());
        assertEquals("0", e[0], e[2]);
        JsonNode eval = m.readTree(evalOut.resolve("results.json").toFile());
        assertEquals(tuned, eval.path("models").get(1).path("metrics").path("ndcg@10").path("mean").asDouble(), 1e-12,
                "same split, seed and configuration: the same test NDCG as tune reported");
    }
}
