package ai.affinity.server.http;

import ai.affinity.engagement.EngagementAggregator;
import ai.affinity.engagement.EngagementReport;
import ai.affinity.engagement.Proportions;
import ai.affinity.server.store.Store;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The body of {@code GET /v1/metrics/engagement}: the store's impressions and clicks attributed to an
 * arm between two UTC calendar days (inclusive), aggregated by {@link EngagementAggregator} at 95%
 * confidence. The HTTP handler and the offline replay of simulated events
 * ({@link ai.affinity.server.replay.SimulationReplay}) both call {@link #json}, so what the replay checks
 * is exactly what the endpoint serves. Stateless; thread-safe when the store is.
 */
public final class EngagementMetrics {
    /** Definitions stated in every report, as served. */
    public static final String DEFINITIONS = "impressions: recommended items shown; clicks: clicks on recommended items "
            + "(events with a request id or arm); active_users: distinct users with at least one such click (DAU); ctr: "
            + "clicks / impressions with a Wilson interval; comparisons: two-sided pooled two-proportion z-test of CTR";
    static final double CONFIDENCE = 0.95;

    private EngagementMetrics() {
    }

    /** The engagement report of days {@code from..to} (UTC, inclusive) as the endpoint's JSON object. */
    public static ObjectNode json(Store store, ObjectMapper json, LocalDate from, LocalDate to) {
        long fromMillis = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long toMillis = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        EngagementAggregator agg = new EngagementAggregator(ZoneOffset.UTC, CONFIDENCE);
        agg.addAll(store.engagementEvents(fromMillis, toMillis));
        EngagementReport rep = agg.report();
        ObjectNode out = json.createObjectNode();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("time_zone", "UTC");
        out.put("confidence", CONFIDENCE);
        out.put("definitions", DEFINITIONS);
        ArrayNode days = out.putArray("days");
        for (EngagementReport.ArmDay d : rep.days()) {
            ObjectNode o = days.addObject();
            o.put("day", d.day().toString());
            o.put("arm", d.arm());
            o.put("active_users", d.activeUsers());
            o.put("impressions", d.impressions());
            o.put("clicks", d.clicks());
            putRate(o, "ctr", d.ctr());
            putInterval(o, d.ctrInterval());
        }
        ArrayNode arms = out.putArray("arms");
        for (EngagementReport.ArmTotal t : rep.arms()) {
            ObjectNode o = arms.addObject();
            o.put("arm", t.arm());
            o.put("active_users", t.activeUsers());
            o.put("mean_daily_active_users", t.meanDailyActive());
            o.put("days", t.days());
            o.put("impressions", t.impressions());
            o.put("clicks", t.clicks());
            putRate(o, "ctr", t.ctr());
            putInterval(o, t.ctrInterval());
        }
        ArrayNode cmp = out.putArray("comparisons");
        for (EngagementReport.ArmComparison c : rep.comparisons()) {
            ObjectNode o = cmp.addObject();
            o.put("arm_a", c.armA());
            o.put("arm_b", c.armB());
            Proportions.TwoProportionTest t = c.test();
            putRate(o, "ctr_a", t.rateA());
            putRate(o, "ctr_b", t.rateB());
            putRate(o, "difference", t.difference());
            putRate(o, "z", t.z());
            putRate(o, "p_value", t.pValue());
        }
        return out;
    }

    private static void putRate(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    private static void putInterval(ObjectNode o, Proportions.Interval ci) {
        ArrayNode a = o.putArray("ctr_ci");
        a.add(ci.lower());
        a.add(ci.upper());
    }
}
