package ai.affinity.engagement;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static ai.affinity.engagement.EngagementEvent.Kind.CLICK;
import static ai.affinity.engagement.EngagementEvent.Kind.IMPRESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngagementAggregatorTest {
    private static final long DAY1 = LocalDate.of(2026, 3, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000;
    private static final long DAY2 = DAY1 + 86_400_000L;

    private static EngagementEvent ev(String user, EngagementEvent.Kind kind, long t, String arm) {
        return new EngagementEvent(user, kind, t, arm);
    }

    @Test
    void countsPerDayAndArmByHand() {
        EngagementAggregator agg = new EngagementAggregator(ZoneOffset.UTC, 0.95);
        // Day 1, arm A: u1 sees 4 items and clicks 2; u2 sees 4 and clicks 0 -> 8 impressions, 2 clicks, DAU 1.
        for (int i = 0; i < 4; i++) {
            agg.add(ev("u1", IMPRESSION, DAY1 + i, "A"));
            agg.add(ev("u2", IMPRESSION, DAY1 + 100 + i, "A"));
        }
        agg.add(ev("u1", CLICK, DAY1 + 10, "A"));
        agg.add(ev("u1", CLICK, DAY1 + 11, "A"));
        // Day 1, arm B: u3 sees 2, clicks 1; u4 sees 2, clicks 1 -> 4 impressions, 2 clicks, DAU 2.
        agg.add(ev("u3", IMPRESSION, DAY1 + 1, "B"));
        agg.add(ev("u3", IMPRESSION, DAY1 + 2, "B"));
        agg.add(ev("u4", IMPRESSION, DAY1 + 3, "B"));
        agg.add(ev("u4", IMPRESSION, DAY1 + 4, "B"));
        agg.add(ev("u3", CLICK, DAY1 + 5, "B"));
        agg.add(ev("u4", CLICK, DAY1 + 6, "B"));
        // Day 2, arm A: u1 sees 2, clicks 1 (the last millisecond of day 1 + 1 is day 2).
        agg.add(ev("u1", IMPRESSION, DAY2, "A"));
        agg.add(ev("u1", IMPRESSION, DAY2 + 1, "A"));
        agg.add(ev("u1", CLICK, DAY2 + 2, "A"));

        EngagementReport r = agg.report();
        assertEquals(3, r.days().size());
        EngagementReport.ArmDay a1 = r.days().get(0);
        assertEquals(LocalDate.of(2026, 3, 1), a1.day());
        assertEquals("A", a1.arm());
        assertEquals(1, a1.activeUsers());
        assertEquals(8, a1.impressions());
        assertEquals(2, a1.clicks());
        assertEquals(0.25, a1.ctr(), 1e-12);
        assertEquals(Proportions.wilson95(2, 8), a1.ctrInterval());
        EngagementReport.ArmDay b1 = r.days().get(1);
        assertEquals("B", b1.arm());
        assertEquals(2, b1.activeUsers());
        assertEquals(0.5, b1.ctr(), 1e-12);
        EngagementReport.ArmDay a2 = r.days().get(2);
        assertEquals(LocalDate.of(2026, 3, 2), a2.day());
        assertEquals(1, a2.activeUsers());
        assertEquals(0.5, a2.ctr(), 1e-12);

        // Arm A over both days: 10 impressions, 3 clicks, one distinct clicker, mean DAU (1 + 1) / 2.
        EngagementReport.ArmTotal ta = r.arms().get(0);
        assertEquals(List.of(10L, 3L, 1L), List.of(ta.impressions(), ta.clicks(), ta.activeUsers()));
        assertEquals(1.0, ta.meanDailyActive(), 1e-12);
        assertEquals(2, ta.days());
        assertEquals(0.3, ta.ctr(), 1e-12);
        EngagementReport.ArmTotal tb = r.arms().get(1);
        assertEquals(2.0, tb.meanDailyActive(), 1e-12);

        assertEquals(1, r.comparisons().size());
        EngagementReport.ArmComparison c = r.comparisons().get(0);
        assertEquals("A", c.armA());
        assertEquals("B", c.armB());
        assertEquals(Proportions.twoProportionTest(3, 10, 2, 4), c.test());
    }

    @Test
    void clicksWithoutImpressionsHaveNanCtrButAnInterval() {
        EngagementAggregator agg = new EngagementAggregator(ZoneOffset.UTC, 0.95);
        agg.add(ev("u", CLICK, DAY1, "A"));
        EngagementReport.ArmDay d = agg.report().days().get(0);
        assertTrue(Double.isNaN(d.ctr()));
        assertEquals(new Proportions.Interval(0, 1), d.ctrInterval());
        assertEquals(1, d.activeUsers());
    }
}
