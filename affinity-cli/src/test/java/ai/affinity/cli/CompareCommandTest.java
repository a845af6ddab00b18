package ai.affinity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code affinity compare} end to end on synthetic:tiny with a tiny budget (deep models registered by the CLI). */
class CompareCommandTest {
    private static String[] run(String... args) {
        return CliRun.run(args).parts();
    }

    @Test
    void everySectionHasAVerdictInResultsJson(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("compare");
        String[] r = run("compare", "--data", "synthetic:tiny", "--budget", "1", "--repeats", "1", "--seed", "7",
                "--traditional", "pop,itemknn,tfidf", "--deep", "multvae:epochs=2,hidden=32,latent=16",
                "--windows", "2", "--k", "5,10", "--threads", "2", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode sections = json.path("sections");
        assertEquals(6, sections.size());
        List<String> ids = List.of("warm", "sequential", "cold-items", "cold-users", "drift", "ablation");
        for (int i = 0; i < 6; i++) {
            JsonNode s = sections.get(i);
            assertEquals(ids.get(i), s.path("id").asText());
            assertFalse(s.path("verdict").asText().isBlank(), s.toString());
        }
        // Warm, sequential, cold users and drift have both sides: verdicts with p-values per metric.
        for (int i : new int[] {0, 1, 3, 4}) {
            JsonNode s = sections.get(i);
            assertEquals("ran", s.path("status").asText(), s.path("reason").asText());
            assertEquals(4, s.path("verdicts").size(), s.toString());
            String verdict = s.path("verdict").asText();
            assertTrue(verdict.startsWith("deep wins by") || verdict.startsWith("traditional wins by")
                    || verdict.startsWith("no significant difference"), verdict);
            assertTrue(s.path("headline").path("deep").path("mean").isNumber());
            assertTrue(s.path("evaluation").path("models").size() >= 2);
        }
        assertEquals(2, sections.get(4).path("windows").size());
        // The only deep method given cannot score cold items: cold items runs its traditional side and says why there is no verdict.
        assertTrue(sections.get(2).path("verdict").asText().startsWith("no verdict: no deep method"));
        if (ai.affinity.model.AlgorithmRegistry.names().contains("hybrid")) {
            // The hybrid is registered: the ablation runs and states what each input adds.
            assertEquals("ran", sections.get(5).path("status").asText(), sections.get(5).path("reason").asText());
            assertTrue(sections.get(5).path("ablations").size() >= 1, sections.get(5).toString());
        } else {
            assertEquals("skipped", sections.get(5).path("status").asText());
            assertTrue(sections.get(5).path("reason").asText().contains("not registered"));
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("per time window"), "charts missing");
        assertTrue(r[1].contains("== 1. Warm accuracy"), r[1]);
        assertTrue(r[2].contains("plan: about"), r[2]);
        assertTrue(json.path("run").path("planned_seconds").isNumber(), json.path("run").toString());
    }

    @Test
    void planPrintsFitCountsWithoutFitting() {
        String[] r = run("compare", "--data", "synthetic:tiny", "--plan", "--budget", "4", "--repeats", "2");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("plan: about"), r[1]);
        // pop in the warm section: 4 trials + 2 repeats.
        assertTrue(r[1].contains("1 warm") && r[1].contains("pop 6x~"), r[1]);
    }

    @Test
    void timeLimitShortensThePlanAndSaysHow() {
        String[] r = run("compare", "--data", "synthetic:tiny", "--plan", "--minutes", "0.01");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("shortened to fit it"), r[1]);
        assertTrue(r[1].contains("tuning trials 10 -> 6") && r[1].contains("repeats 3 -> 2"), r[1]);
        // Trials the user sets are kept.
        String[] kept = run("compare", "--data", "synthetic:tiny", "--plan", "--minutes", "0.01", "--budget", "5");
        assertFalse(kept[1].contains("tuning trials"), kept[1]);
    }

    @Test
    void unknownSectionFailsBeforeLoading() {
        String[] r = run("compare", "--data", "synthetic:tiny", "--sections", "warm,bogus");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown section 'bogus'"), r[2]);
    }
}
