package ai.affinity.compare;

import ai.affinity.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run-time plan and which sections share a tuning. */
class PlanTest {
    @Test
    void coldItemsAndAblationShareTheirTuningOthersDoNot() {
        Compare.Method h = new Compare.Method("hybrid", Compare.DEEP, Map.of());
        assertEquals(Compare.tuningKey(Section.COLD_ITEMS, h), Compare.tuningKey(Section.ABLATION, h));
        Compare.Method e = new Compare.Method("ease", Compare.TRADITIONAL, Map.of());
        assertNotEquals(Compare.tuningKey(Section.WARM, e), Compare.tuningKey(Section.DRIFT, e));
        assertNotEquals(Compare.tuningKey(Section.WARM, e),
                Compare.tuningKey(Section.WARM, new Compare.Method("ease", Compare.TRADITIONAL, Map.of("lambda", "5"))));
    }

    @Test
    void estimatesEveryRunnableSectionFromFitCounts() {
        Dataset d = CompareTest.bare(7); // no timestamps, no content: warm and cold users only
        CompareOptions o = CompareOptions.defaults(2, 3, 42, 1);
        List<String> lines = new ArrayList<>();
        Map<Section, Double> plan = Plan.estimate(d, o, lines);
        assertEquals(6, lines.size());
        assertEquals(0.0, plan.get(Section.SEQUENTIAL));
        assertTrue(plan.get(Section.WARM) > 0);
        // pop in the warm section: budget 2 + 3 repeats = 5 fits.
        assertTrue(lines.get(0).contains("pop 5x~"), lines.get(0));
        Plan.Size z = Plan.Size.of(d, 0);
        assertEquals(0.02 + 2e-7 * z.events() + 3.5e-8 * z.users() * z.items(), Plan.fitSeconds("pop", d), 1e-12);
    }

    @Test
    void fitShortensInTheDocumentedOrderAndStopsOnceWithinTheLimit() {
        Dataset d = CompareTest.bare(7);
        CompareOptions o = CompareOptions.defaults(10, 3, 42, 1);
        double full = Plan.total(d, o);
        // No limit: nothing changes.
        Plan.Fitted none = Plan.fit(d, o, 0, false, false);
        assertEquals(o, none.options());
        assertTrue(none.reductions().isEmpty());
        // A limit just below the full estimate: only the first reduction (trials 10 -> 6) is needed.
        Plan.Fitted one = Plan.fit(d, o, full, false, false);
        assertEquals(6, one.options().budget());
        assertEquals(3, one.options().repeats());
        assertEquals(1, one.reductions().size(), one.reductions().toString());
        assertTrue(one.estimateSeconds() <= Plan.TARGET_SHARE * full);
        // A tiny limit: every reduction that applies, trials and repeats at their floors, still deterministic.
        Plan.Fitted all = Plan.fit(d, o, 1e-6, false, false);
        assertEquals(2, all.options().budget());
        assertEquals(2, all.options().repeats());
        assertTrue(all.options().tuneOnce());
        assertTrue(all.overLimit());
        Plan.Fitted again = Plan.fit(d, o, 1e-6, false, false);
        assertEquals(all.reductions(), again.reductions());
        assertEquals(all.estimateSeconds(), again.estimateSeconds());
        // What the user set is kept.
        Plan.Fitted kept = Plan.fit(d, o, 1e-6, true, true);
        assertEquals(10, kept.options().budget());
        assertEquals(3, kept.options().repeats());
    }

    @Test
    void userSampleKeepsWholeUsersAndIsSeeded() {
        Dataset d = CompareTest.bare(7);
        int active = d.interactions().numActiveUsers();
        int n = active / 2;
        Dataset s = Compare.sampleUsers(d, n, 42);
        assertEquals(n, s.interactions().numActiveUsers());
        assertEquals(d.interactions().numUsers(), s.interactions().numUsers());
        for (int u = 0; u < d.interactions().numUsers(); u++) {
            int c = s.interactions().userCount(u);
            assertTrue(c == 0 || c == d.interactions().userCount(u), "user " + u + " kept partly");
        }
        Dataset again = Compare.sampleUsers(d, n, 42);
        for (int u = 0; u < d.interactions().numUsers(); u++) {
            assertEquals(s.interactions().userCount(u), again.interactions().userCount(u));
        }
        assertEquals(d, Compare.sampleUsers(d, active, 42));
    }

    @Test
    void expectedEpochsFollowTheCap() {
        // An unregistered model has the generic default of 20 epochs: 80% of it without a cap, the cap below that.
        assertEquals(16, Plan.expectedEpochs("no-such-model", 0), 1e-12);
        assertEquals(5, Plan.expectedEpochs("no-such-model", 5), 1e-12);
        assertEquals(16, Plan.expectedEpochs("no-such-model", 18), 1e-12);
    }
}
