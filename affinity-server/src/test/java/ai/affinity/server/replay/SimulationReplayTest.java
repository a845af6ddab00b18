package ai.affinity.server.replay;

import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.server.store.Store;
import ai.affinity.simulate.EventLog;
import ai.affinity.simulate.EventSink;
import ai.affinity.simulate.PolicyRun;
import ai.affinity.simulate.PolicySpec;
import ai.affinity.simulate.SimulationConfig;
import ai.affinity.simulate.Simulator;
import ai.affinity.simulate.World;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny simulation replayed through the server's engagement pipeline agrees with the simulator exactly. */
class SimulationReplayTest {
    private static final World WORLD = World.synthetic(SyntheticConfig.preset("tiny"), 42, 0.5);

    @Test
    void replayAgreesWithTheSimulatorOnEveryDayAndArm(@TempDir Path dir) throws Exception {
        assertEquals(0, WORLD.startEpochSecond() % 86_400, "day 0 starts at a UTC midnight");
        // Labels with commas exercise the CSV quoting; two seeds are separate arms in the store.
        List<PolicySpec> policies = PolicySpec.parseList("random,pop,ials:factors=8,iterations=3@foldin");
        SimulationConfig cfg = new SimulationConfig(6, 60, 5, Double.NaN, null, null, 1);
        Path csv = dir.resolve("events.csv");
        List<PolicyRun> runs;
        try (EventLog log = new EventLog(csv, WORLD.dataset().userIds(), WORLD.dataset().itemIds())) {
            runs = new Simulator(WORLD, cfg, null).run(policies, new long[] {1, 2}, s -> s == 1 ? log : EventSink.NONE);
        }
        long clicks = runs.stream().filter(r -> r.seed() == 1).mapToLong(PolicyRun::totalClicks).sum();
        assertTrue(clicks > 0, "the tiny simulation must click something for the check to mean anything");

        try (Store store = Store.open(dir.resolve("replay.db").toString())) {
            SimulationReplay.Check c = SimulationReplay.replay(csv, store, runs, WORLD.startEpochSecond(), 6);
            assertTrue(c.agrees(), () -> String.join("\n", c.samples()));
            assertEquals(3 * 6, c.comparedArmDays(), "only the logged seed is compared: 3 policies x 6 days");
            JsonNode j = c.json();
            assertEquals(List.of(1L), List.of(j.get("loaded").get("seeds").get(0).asLong()));
            assertEquals(clicks, j.get("loaded").get("click_events").asLong());
            for (JsonNode a : j.get("per_arm")) {
                assertEquals(a.get("clicks_simulator").asLong(), a.get("clicks_server").asLong());
                assertEquals(a.get("ctr_simulator").asDouble(), a.get("ctr_server").asDouble(), 0.0);
            }
            // Replaying the same log again is idempotent (client event ids) and still agrees.
            SimulationReplay.Loaded again = SimulationReplay.load(csv, store);
            assertEquals(again.impressions() + again.clicks(), again.duplicates());
            assertTrue(SimulationReplay.check(store, runs, Set.of(1L), WORLD.startEpochSecond(), 6).agrees());
            // The check is not vacuous: a run whose counts are off by one click disagrees.
            PolicyRun r = runs.get(1);
            long[] off = r.clicks().clone();
            off[0]++;
            PolicyRun wrong = new PolicyRun(r.arm(), r.seed(), r.users(), r.active(), r.clickers(), r.impressions(), off,
                    0, 0, r.refitDays(), r.alarmDays());
            SimulationReplay.Check bad = SimulationReplay.check(store, List.of(runs.get(0), wrong, runs.get(2)), Set.of(1L),
                    WORLD.startEpochSecond(), 6);
            assertFalse(bad.agrees());
            assertEquals(2, bad.mismatches(), "day 0 and the arm's totals");
        }
        assertTrue(Files.size(csv) > 0);
    }

    @Test
    void quotedFieldsSplitLikeRfc4180() {
        assertEquals(List.of("1", "0", "a,b", "x\"y", ""), SimulationReplay.fields("1,0,\"a,b\",\"x\"\"y\","));
    }
}
