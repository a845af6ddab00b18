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
        double pop = Plan.fitSeconds("pop", d);
        assertEquals(0.1 * d.interactions().numEvents() * 0.8 / Plan.REFERENCE_EVENTS, pop, 1e-12);
    }
}
