package ai.affinity.simulate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {
    @Test
    void choiceModelByHand() {
        ChoiceModel c = ChoiceModel.DEFAULT; // beta 2, tau 2, eta 1
        assertEquals(1.0, c.examination(1), 1e-15);
        assertEquals(0.5, c.examination(2), 1e-15);
        assertEquals(0.25, c.examination(4), 1e-15);
        assertEquals(0.5, c.attractiveness(2), 1e-15);
        assertEquals(0.01798620996209156, c.attractiveness(0), 1e-15); // 1/(1+e^4)
        assertEquals(0.44039853898894116, c.clickProbability(3, 2), 1e-15); // 0.5 / (1+e^-2)
        assertEquals(1.0, new ChoiceModel(2, 2, 0).examination(7), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> c.examination(0));
        assertThrows(IllegalArgumentException.class, () -> new ChoiceModel(0, 2, 1));
    }

    @Test
    void returnModelByHand() {
        ReturnModel r = ReturnModel.DEFAULT; // gamma0 0, gamma1 1, reactivation 0.1: P = (1 + c) / (2 + c)
        assertEquals(0.5, r.returnProbability(true, 0), 1e-15);
        assertEquals(2.0 / 3, r.returnProbability(true, 1), 1e-15);
        assertEquals(0.8, r.returnProbability(true, 3), 1e-15);
        assertEquals(0.1, r.returnProbability(false, 5), 1e-15);
        // gamma0 -0.5: sigma(-0.5) = 0.3775..., sigma(-0.5 + ln 2) = 0.5481...
        ReturnModel harsh = new ReturnModel(-0.5, 1, 0.05);
        assertEquals(0.3775406687981454, harsh.returnProbability(true, 0), 1e-15);
        assertEquals(0.5481372381223939, harsh.returnProbability(true, 1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new ReturnModel(0, -1, 0.1));
    }

    @Test
    void seedStatsIsAStudentTInterval() {
        // values 1, 2, 3: mean 2, sd 1, se 1/sqrt 3, t(0.975, 2) = 4.302652729911275
        SeedStats s = SeedStats.of(new double[] {1, 2, 3}, 0.95);
        double half = 4.302652729911275 / Math.sqrt(3);
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(2 - half, s.ciLow(), 1e-9);
        assertEquals(2 + half, s.ciHigh(), 1e-9);
        assertTrue(Double.isNaN(SeedStats.of(new double[] {5}, 0.95).ciLow()));
    }

    @Test
    void policySpecsParseWithModifiersAndModelParameters() {
        List<PolicySpec> ps = PolicySpec.parseList("pop,ials:factors=8,iterations=2@refit=3,ials@foldin,random");
        assertEquals(4, ps.size());
        assertEquals("pop", ps.get(0).modelSpec());
        assertEquals("ials:factors=8,iterations=2", ps.get(1).modelSpec());
        assertEquals(3, ps.get(1).refitEvery());
        assertFalse(ps.get(1).foldIn());
        assertTrue(ps.get(2).foldIn());
        assertTrue(ps.get(3).isRandom());
        assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse("nosuchmodel"));
        assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse("pop@often"));
        assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse("pop@refit=0"));
        assertTrue(PolicySpec.parse("ials@monitor").monitor());
        assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse("random@monitor"));
    }
}
