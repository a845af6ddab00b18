package ai.affinity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code affinity simulate} and {@code affinity adapt} end to end on tiny synthetic data (a few seconds). */
class SimulateCommandTest {
    private static String[] run(String... args) {
        return CliRun.run(args).parts();
    }

    @Test
    void simulateWritesJsonHtmlAndTheEventLog(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sim");
        String[] r = run("simulate", "--world", "synthetic:tiny", "--policies", "random,pop,oracle", "--days", "5",
                "--users", "40", "--seeds", "2", "--threads", "1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("Simulated engagement is a model"), r[1]);
        JsonNode json = new ObjectMapper().readTree(out.resolve("simulation.json").toFile());
        assertTrue(json.path("disclaimer").asText().contains("is a model"));
        assertEquals(3, json.path("policies").size());
        assertEquals(5, json.path("policies").get(0).path("daily").path("retention").path("mean").size());
        assertEquals(1.0, json.path("policies").get(0).path("daily").path("retention").path("mean").get(0).asDouble(), 1e-12);
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
        List<String> events = Files.readAllLines(out.resolve("events.csv"));
        assertEquals("seed,day,timestamp,request_id,arm,user,item,position,clicked", events.get(0));
        assertEquals(json.path("run").path("event_log").path("rows").asLong(), events.size() - 1);
        assertTrue(events.stream().skip(1).allMatch(l -> l.startsWith("1,")), "only the first seed is logged");
    }

    @Test
    void replayThroughTheServerPipelineAgreesAndLandsInSimulationJson(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sim");
        String[] r = run("simulate", "--world", "synthetic:tiny", "--policies", "random,pop,oracle", "--days", "4",
                "--users", "40", "--seeds", "2", "--threads", "1", "--replay", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("agrees exactly with the simulator (12 seed-policy-days compared, 0 mismatches)"), r[1]);
        JsonNode replay = new ObjectMapper().readTree(out.resolve("simulation.json").toFile()).path("replay");
        assertTrue(replay.path("agrees").asBoolean(), replay.toString());
        assertEquals(3, replay.path("per_arm").size());
        assertTrue(replay.path("definitions").path("server_dau").asText().contains("at least one click"));
    }

    @Test
    void badPolicyIsOneClearLine(@TempDir Path tmp) {
        String[] r = run("simulate", "--world", "synthetic:tiny", "--policies", "pop@sometimes", "--out", tmp.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown modifier '@sometimes'"), r[2]);
    }

    @Test
    void adaptWritesSeriesPerVariant(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("adapt.json");
        String[] r = run("adapt", "--data", "synthetic:tiny", "--models", "pop", "--windows", "2", "--threads", "1",
                "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(4, json.path("series").size()); // static, fresh-history, incremental, monitored
        assertEquals(2, json.path("series").get(0).path("ndcg").path("mean").size());
        assertTrue(json.path("drift_monitor").has("pop"));
    }
}
