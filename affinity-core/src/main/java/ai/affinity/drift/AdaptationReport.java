package ai.affinity.drift;

import ai.affinity.eval.MetricSummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON and console renderings of an {@link AdaptationStudy.Result}. */
public final class AdaptationReport {
    private AdaptationReport() {
    }

    /**
     * {@code {"kind": "affinity-adaptation", "dataset", "protocol", "run", "windows": [{start, end}],
     * "series": [{model, variant, refit_days, ndcg: {mean: [..], ci_low, ci_high}, recall, hit, users: [..]}],
     * "drift_monitor": {model: {alarm_days, daily_hit}}}}.
     */
    public static ObjectNode toJson(AdaptationStudy.Result r, AdaptationStudy.Options o, Map<String, Object> runInfo) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("kind", "affinity-adaptation");
        root.put("dataset", r.dataset());
        ObjectNode p = root.putObject("protocol");
        p.put("description", "train on the first " + Math.round(o.trainFraction() * 100) + "% of the time span, then "
                + o.windows() + " equal time windows; per window, users with unseen items there; full ranking, items "
                + "consumed before the window excluded; 95% percentile bootstrap CIs over users");
        p.put("k", o.k());
        p.put("seed", o.seed());
        p.put("cut_epoch_second", r.cut());
        p.put("detector", "Page-Hinkley on daily hit@" + o.k() + ", decrease, delta=" + o.detectorDelta() + ", lambda="
                + o.detectorLambda() + ", at least 7 observations");
        root.set("run", om.valueToTree(runInfo == null ? Map.of() : runInfo));
        ArrayNode win = root.putArray("windows");
        for (int w = 0; w < r.windowStart().length; w++) {
            ObjectNode wn = win.addObject();
            wn.put("start_epoch_second", r.windowStart()[w]);
            wn.put("end_epoch_second", r.windowEnd()[w]);
            wn.put("days_after_cut", (r.windowStart()[w] - r.cut()) / 86_400.0);
        }
        ArrayNode ser = root.putArray("series");
        for (AdaptationStudy.Series s : r.series()) {
            ObjectNode sn = ser.addObject();
            sn.put("model", s.model());
            sn.put("variant", s.variant());
            ArrayNode rd = sn.putArray("refit_days");
            s.refitDays().forEach(rd::add);
            for (String metric : List.of("ndcg", "recall", "hit")) {
                ObjectNode mn = sn.putObject(metric);
                ArrayNode mean = mn.putArray("mean");
                ArrayNode lo = mn.putArray("ci_low");
                ArrayNode hi = mn.putArray("ci_high");
                for (Map<String, MetricSummary> w : s.windows()) {
                    MetricSummary m = w.get(metric);
                    num(mean, m.mean());
                    num(lo, m.ciLow());
                    num(hi, m.ciHigh());
                }
            }
            ArrayNode users = sn.putArray("users");
            for (Map<String, MetricSummary> w : s.windows()) {
                users.add(w.get("ndcg").n());
            }
        }
        ObjectNode mon = root.putObject("drift_monitor");
        for (Map.Entry<String, List<Integer>> e : r.alarmDays().entrySet()) {
            ObjectNode m = mon.putObject(e.getKey());
            ArrayNode a = m.putArray("alarm_days");
            e.getValue().forEach(a::add);
            ArrayNode h = m.putArray("daily_hit");
            for (double v : r.dailyHit().get(e.getKey())) {
                num(h, v);
            }
        }
        return root;
    }

    public static void write(AdaptationStudy.Result r, AdaptationStudy.Options o, Map<String, Object> runInfo, Path file)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(toJson(r, o, runInfo)) + "\n", StandardCharsets.UTF_8);
    }

    /** NDCG per window and variant as a text table. */
    public static String console(AdaptationStudy.Result r, int k) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: ndcg@%d per time window after the cut%n", r.dataset(), k));
        sb.append(String.format(Locale.ROOT, "%-34s", "model / variant"));
        for (int w = 0; w < r.windowStart().length; w++) {
            sb.append(String.format(Locale.ROOT, " %8s", "day " + (r.windowStart()[w] - r.cut()) / 86_400L));
        }
        sb.append('\n');
        for (AdaptationStudy.Series s : r.series()) {
            sb.append(String.format(Locale.ROOT, "%-34s", s.model() + " / " + s.variant()));
            for (Map<String, MetricSummary> w : s.windows()) {
                sb.append(String.format(Locale.ROOT, " %8.4f", w.get("ndcg").mean()));
            }
            sb.append('\n');
        }
        for (Map.Entry<String, List<Integer>> e : r.alarmDays().entrySet()) {
            sb.append("drift monitor on ").append(e.getKey()).append(": alarms on day(s) ").append(e.getValue())
                    .append(" after the cut\n");
        }
        return sb.toString();
    }

    private static void num(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }
}
