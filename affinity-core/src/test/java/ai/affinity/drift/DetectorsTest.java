package ai.affinity.drift;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorsTest {
    @Test
    void pageHinkleyMatchesAHandComputedRun() {
        // delta 0.1, lambda 1.5, stream 1,1,1,0,0,0 (decrease):
        // t1..t3: mean 1, term -0.1 each: m = -0.1, -0.2, -0.3 = M; statistic 0.
        // t4: mean 0.75, term 0.75-0-0.1 = 0.65: m = 0.35, statistic 0.65
        // t5: mean 0.6, term 0.5: m = 0.85, statistic 1.15
        // t6: mean 0.5, term 0.4: m = 1.25, statistic 1.55 > 1.5: alarm
        PageHinkley ph = new PageHinkley(0.1, 1.5, 1, PageHinkley.Direction.DECREASE);
        double[] xs = {1, 1, 1, 0, 0, 0};
        double[] stat = {0, 0, 0, 0.65, 1.15, 1.55};
        for (int t = 0; t < xs.length; t++) {
            boolean alarm = ph.add(xs[t]);
            assertEquals(stat[t], ph.statistic(), 1e-12, "statistic at t=" + (t + 1));
            assertEquals(t == 5, alarm, "alarm at t=" + (t + 1));
        }
        ph.reset();
        assertEquals(0, ph.count());
        assertEquals(0, ph.statistic());
    }

    @Test
    void pageHinkleyIncreaseIsTheMirrorImage() {
        PageHinkley up = new PageHinkley(0.1, 1.5, 1, PageHinkley.Direction.INCREASE);
        boolean fired = false;
        for (double x : new double[] {0, 0, 0, 1, 1, 1}) {
            fired = up.add(x);
        }
        assertEquals(1.55, up.statistic(), 1e-12);
        assertTrue(fired);
    }

    @Test
    void pageHinkleyWaitsForMinObservationsAndRejectsNaN() {
        PageHinkley ph = new PageHinkley(0, 0.1, 5, PageHinkley.Direction.DECREASE);
        assertFalse(ph.add(1));
        assertFalse(ph.add(0)); // statistic 0.5 > 0.1 but only 2 observations
        assertThrows(IllegalArgumentException.class, () -> ph.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(-1, 1, 1, PageHinkley.Direction.DECREASE));
    }

    @Test
    void cusumMatchesAHandComputedRun() {
        // target 0, k 0.5, h 2; x = 1, 1, 1, -3
        // S+ = 0.5, 1.0, 1.5, max(0, 1.5 - 3 - 0.5) = 0; S- = 0, 0, 0, max(0, 0 + 3 - 0.5) = 2.5 > 2: alarm
        Cusum c = new Cusum(0, 0.5, 2);
        double[] up = {0.5, 1.0, 1.5, 0};
        double[] down = {0, 0, 0, 2.5};
        double[] xs = {1, 1, 1, -3};
        for (int t = 0; t < 4; t++) {
            boolean alarm = c.add(xs[t]);
            assertEquals(up[t], c.upper(), 1e-12);
            assertEquals(down[t], c.lower(), 1e-12);
            assertEquals(t == 3, alarm);
        }
        assertEquals(2.5, c.statistic(), 1e-12);
    }

    @Test
    void populationStabilityByHand() {
        assertEquals(0, PopulationStability.psi(new long[] {50, 50}, new long[] {50, 50}), 1e-12);
        // eps 0.5: p = (90.5, 10.5)/101, q = (10.5, 90.5)/101; PSI = 2 * (80/101) * ln(90.5/10.5)
        assertEquals(3.412236979869153, PopulationStability.psi(new long[] {90, 10}, new long[] {10, 90}), 1e-12);
        assertEquals(1.0, PopulationStability.chiSquareP(new long[] {30, 70, 0}, new long[] {30, 70, 0}), 1e-12);
        assertTrue(PopulationStability.chiSquareP(new long[] {90, 10}, new long[] {10, 90}) < 1e-10);
        assertThrows(IllegalArgumentException.class, () -> PopulationStability.psi(new long[] {1}, new long[] {1, 2}));
    }

    @Test
    void monitorFiresOnAShiftCallsTheUpdateAndStaysQuietWithout() {
        // Seeded noisy hit rate around 0.10 (sd 0.02); in the drifting stream it drops to 0.05 at t = 100.
        long seed = 7;
        List<Long> updates = new ArrayList<>();
        DriftMonitor drifting = new DriftMonitor(new PageHinkley(0.005, 0.5, 7, PageHinkley.Direction.DECREASE),
                (obs, stat) -> updates.add(obs));
        DriftMonitor stable = new DriftMonitor(new PageHinkley(0.005, 0.5, 7, PageHinkley.Direction.DECREASE), null);
        SplittableRandom a = new SplittableRandom(seed);
        SplittableRandom b = new SplittableRandom(seed + 1);
        for (int t = 0; t < 200; t++) {
            drifting.observe((t < 100 ? 0.10 : 0.05) + 0.02 * gaussian(a));
            stable.observe(0.10 + 0.02 * gaussian(b));
        }
        assertTrue(stable.alarms().isEmpty(), "no drift, but alarms at " + stable.alarms());
        assertFalse(drifting.alarms().isEmpty(), "drift at t=100 not flagged");
        long first = drifting.alarms().get(0);
        assertTrue(first >= 100 && first < 130, "first alarm at " + first);
        assertEquals(drifting.alarms(), updates, "the callback runs once per alarm");
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
