package ai.affinity.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {
    private static Verdict decide(double deep, double trad, double p) {
        return Verdict.decide("ndcg@10", new Verdict.Side("deep", "sasrec", deep),
                new Verdict.Side("traditional", "ease", trad), p, 0.05);
    }

    @Test
    void deepWinsWithRelativeMarginOverTheLoser() {
        Verdict v = decide(0.24, 0.20, 0.004);
        assertEquals(Verdict.Outcome.CHALLENGER_WINS, v.outcome());
        // (0.24 - 0.20) / 0.20 = 20.0%
        assertEquals("deep wins by 20.0% (p=0.004): sasrec 0.2400 vs ease 0.2000 ndcg@10", v.sentence());
        assertEquals(0.2, v.relativeDifference(), 1e-12);
        assertEquals("deep wins", v.outcomeText());
    }

    @Test
    void traditionalWinsMarginRelativeToDeep() {
        Verdict v = decide(0.20, 0.25, 0.0123);
        assertEquals(Verdict.Outcome.REFERENCE_WINS, v.outcome());
        // (0.25 - 0.20) / 0.20 = 25.0%
        assertEquals("traditional wins by 25.0% (p=0.0123): sasrec 0.2000 vs ease 0.2500 ndcg@10", v.sentence());
        assertEquals(-0.2, v.relativeDifference(), 1e-12);
    }

    @Test
    void largeDifferenceWithoutSignificanceIsNoDifference() {
        Verdict v = decide(0.30, 0.20, 0.2);
        assertEquals(Verdict.Outcome.NO_DIFFERENCE, v.outcome());
        assertEquals("no significant difference (p=0.2): sasrec 0.3000 vs ease 0.2000 ndcg@10", v.sentence());
    }

    @Test
    void thresholdIsStrict() {
        assertEquals(Verdict.Outcome.CHALLENGER_WINS, decide(0.3, 0.2, 0.0499).outcome());
        assertEquals(Verdict.Outcome.NO_DIFFERENCE, decide(0.3, 0.2, 0.05).outcome());
        assertEquals(Verdict.Outcome.NO_DIFFERENCE, decide(0.3, 0.2, Double.NaN).outcome());
        assertTrue(decide(0.3, 0.2, Double.NaN).sentence().contains("(p=n/a)"));
        // A different alpha moves the threshold.
        Verdict strict = Verdict.decide("ndcg@10", new Verdict.Side("deep", "a", 0.3),
                new Verdict.Side("traditional", "b", 0.2), 0.02, 0.01);
        assertEquals(Verdict.Outcome.NO_DIFFERENCE, strict.outcome());
    }

    @Test
    void equalMeansAreNeverAWin() {
        assertEquals(Verdict.Outcome.NO_DIFFERENCE, decide(0.2, 0.2, 0.001).outcome());
    }

    @Test
    void tinyPValuesAndZeroLoser() {
        Verdict v = decide(0.05, 0.0, 1e-9);
        assertEquals(Verdict.Outcome.CHALLENGER_WINS, v.outcome());
        assertTrue(v.sentence().startsWith("deep wins by 0.0500 (absolute; the other side scored 0.0000) (p<0.001)"),
                v.sentence());
        assertTrue(Double.isNaN(v.relativeDifference()));
    }

    @Test
    void pFormatting() {
        assertEquals("p<0.001", Verdict.formatP(0.0009));
        assertEquals("p=0.001", Verdict.formatP(0.001));
        assertEquals("p=0.0495", Verdict.formatP(0.0495));
        assertEquals("p=0.412", Verdict.formatP(0.41234));
        assertEquals("p=1", Verdict.formatP(1.0));
        assertEquals("p=n/a", Verdict.formatP(Double.NaN));
    }

    @Test
    void badAlphaIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Verdict.decide("m", new Verdict.Side("a", "x", 1),
                new Verdict.Side("b", "y", 1), 0.01, 0));
    }
}
