package ai.affinity.simulate;

import ai.affinity.data.synthetic.SyntheticConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest {
    private static final World WORLD = World.synthetic(SyntheticConfig.preset("tiny"), 42, 0.5);

    private static List<PolicyRun> simulate(List<PolicySpec> policies, long[] seeds, EventSink sink) {
        SimulationConfig cfg = new SimulationConfig(8, 150, 5, Double.NaN, null, null, 1);
        return new Simulator(WORLD, cfg, null).run(policies, seeds, s -> sink);
    }

    @Test
    void sameSeedSameResult() {
        List<PolicySpec> ps = PolicySpec.parseList("pop,ials:factors=8,iterations=3@foldin,random");
        List<PolicyRun> a = simulate(ps, new long[] {1, 2}, EventSink.NONE);
        List<PolicyRun> b = simulate(ps, new long[] {1, 2}, EventSink.NONE);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).active(), b.get(i).active());
            assertArrayEquals(a.get(i).clicks(), b.get(i).clicks());
            assertArrayEquals(a.get(i).impressions(), b.get(i).impressions());
        }
        // A different seed draws other users and other luck.
        List<PolicyRun> c = simulate(ps.subList(0, 1), new long[] {3}, EventSink.NONE);
        assertTrue(c.get(0).totalClicks() != a.get(0).totalClicks() || !java.util.Arrays.equals(c.get(0).active(), a.get(0).active()));
    }

    @Test
    void invariantsAndTheOracleBeatsRandom() {
        List<PolicyRun> runs = simulate(PolicySpec.parseList("oracle,random,ials:factors=8,iterations=3@refit=2"),
                new long[] {5}, EventSink.NONE);
        for (PolicyRun r : runs) {
            assertEquals(150, r.active()[0], "everyone is active on day 0");
            for (int d = 0; d < r.days(); d++) {
                assertTrue(r.active()[d] <= 150);
                assertEquals(5L * r.active()[d], r.impressions()[d], "k items per active user");
                assertTrue(r.clicks()[d] <= r.impressions()[d]);
            }
        }
        // Under the default choice model the oracle's lists (z about 2) are clicked far more than random
        // ones (z about 0, 1.8% at the top slot), and more clicks bring users back.
        assertTrue(runs.get(0).overallCtr() > 3 * runs.get(1).overallCtr(),
                "oracle CTR " + runs.get(0).overallCtr() + " vs random " + runs.get(1).overallCtr());
        assertTrue(runs.get(0).meanDau() > runs.get(1).meanDau());
    }

    @Test
    void driftMonitorAlarmTriggersARefitTheNextDay() {
        // Mechanics only: on the tiny synthetic world a policy's daily CTR is too noisy for the monitor
        // to tell drift from none (AdaptationStudyTest shows that on the hit rate of a larger world).
        List<PolicySpec> ps = PolicySpec.parseList("ials:factors=16,alpha=5,lambda=1,iterations=5@monitor");
        SimulationConfig cfg = new SimulationConfig(24, 300, 10, 0.08, null, null, 1);
        int alarms = 0;
        for (PolicyRun r : new Simulator(WORLD, cfg, null).run(ps, new long[] {1, 2}, null)) {
            alarms += r.alarmDays().length;
            for (int a : r.alarmDays()) {
                if (a + 1 < r.days()) {
                    assertTrue(java.util.Arrays.stream(r.refitDays()).anyMatch(d -> d == a + 1),
                            "alarm on day " + a + " but refits on " + java.util.Arrays.toString(r.refitDays()));
                }
            }
            assertEquals(r.refitDays().length, java.util.Arrays.stream(r.alarmDays()).filter(a -> a + 1 < r.days()).count());
        }
        assertTrue(alarms > 0, "strong drift (8% a day) raised no alarm in two seeds");
    }

    @Test
    void eventLogHasOneRowPerImpressionAndTheClicks(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("events.csv");
        List<PolicyRun> runs;
        try (EventLog log = new EventLog(file, WORLD.dataset().userIds(), WORLD.dataset().itemIds())) {
            runs = simulate(PolicySpec.parseList("pop"), new long[] {9}, log);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(EventLog.HEADER, lines.get(0));
        long impressions = 0;
        long clicks = 0;
        for (int d = 0; d < runs.get(0).days(); d++) {
            impressions += runs.get(0).impressions()[d];
            clicks += runs.get(0).clicks()[d];
        }
        assertEquals(impressions, lines.size() - 1);
        long logged = lines.stream().skip(1).filter(l -> l.endsWith(",1")).count();
        assertEquals(clicks, logged);
        String[] first = lines.get(1).split(",");
        assertEquals("9", first[0]);
        assertEquals("0", first[1]);
        assertEquals("pop", first[4]);
        assertEquals("1", first[7]);
        assertTrue(first[3].startsWith("s9-pop-d0-"), first[3]);
    }

    @Test
    void reportStatesThatItIsAModel() {
        List<PolicySpec> ps = PolicySpec.parseList("pop,random");
        long[] seeds = {1, 2};
        SimulationConfig cfg = new SimulationConfig(4, 60, 5, Double.NaN, null, null, 1);
        List<PolicyRun> runs = new Simulator(WORLD, cfg, null).run(ps, seeds, null);
        SimulationReport r = new SimulationReport(WORLD, cfg, ps, seeds, runs, null);
        assertTrue(r.console().startsWith(SimulationReport.DISCLAIMER));
        assertTrue(r.html().contains(SimulationReport.DISCLAIMER));
        var json = r.toJson();
        assertEquals(SimulationReport.DISCLAIMER, json.path("disclaimer").asText());
        assertTrue(json.path("assumptions").size() >= 5);
        assertEquals(4, json.path("policies").get(0).path("daily").path("dau").path("mean").size());
        assertEquals(2, json.path("policies").get(1).path("summary").path("mean_dau").path("n").asInt());
    }
}
