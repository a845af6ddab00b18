package ai.affinity.simulate;

import ai.affinity.metric.PairedTests;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a simulation over seeds, per policy: daily active users, click-through rate and
 * retention per day and overall, each a mean over seeds with a 95% t-interval ({@link SeedStats}),
 * and a paired t-test of each policy's mean DAU against the first policy's over the same seeds
 * (paired because runs of one seed share their random draws). Renders as JSON, console text and a
 * self-contained HTML page; every rendering starts with {@link #DISCLAIMER} and the assumptions.
 */
public final class SimulationReport {
    public static final double LEVEL = 0.95;
    public static final String DISCLAIMER = "Simulated engagement is a model, not a measurement: these numbers "
            + "follow from the assumptions below, and real users may behave differently.";

    private final World world;
    private final SimulationConfig config;
    private final List<PolicySpec> policies;
    private final long[] seeds;
    private final List<PolicyRun> runs;
    private final Map<String, Object> runInfo;

    /** @param runInfo command, machine, timings etc., written as-is into the JSON "run" object */
    public SimulationReport(World world, SimulationConfig config, List<PolicySpec> policies, long[] seeds,
                            List<PolicyRun> runs, Map<String, Object> runInfo) {
        this.world = world;
        this.config = config;
        this.policies = List.copyOf(policies);
        this.seeds = seeds.clone();
        this.runs = List.copyOf(runs);
        this.runInfo = runInfo == null ? Map.of() : runInfo;
    }

    /** Size of the simulated population (world users with history before day 0, capped by the config). */
    public int simulatedUsers() {
        return runs.isEmpty() ? 0 : runs.get(0).users();
    }

    /** The assumptions that drive the numbers, in words, with this run's parameters. */
    public List<String> assumptions() {
        ChoiceModel c = config.choice();
        ReturnModel r = config.returns();
        List<String> a = new ArrayList<>();
        a.add("True preferences: " + world.truth() + ". A user's affinity for an item is the dot product of taste "
                + "and item vectors, standardised over random (user, item) pairs (z).");
        a.add(String.format(Locale.ROOT, "Taste drift: each user's taste moves linearly from its start towards a target "
                + "taste, %.4f of the way per day.", config.driftIn(world)));
        a.add(String.format(Locale.ROOT, "Clicks (position-based model): P(click at position r) = r^-%.2f * "
                + "1/(1+exp(-%.2f*(z-%.2f))); positions independent, several clicks per list possible.",
                c.eta(), c.beta(), c.tau()));
        a.add(String.format(Locale.ROOT, "Return: an active user comes back tomorrow with probability "
                + "1/(1+exp(-(%.2f + %.2f*ln(1+clicks today)))); an inactive user with %.3f a day. All simulated "
                + "users (drawn among users with history before day 0) are active on day 0; no new users join.", r.gamma0(), r.gamma1(), r.reactivation()));
        a.add("Items: items that arrive after day 0 become recommendable on their arrival day; a policy's model only "
                + "learns about them when refitted (or, for history readers, when a user clicks them).");
        a.add("Lists: " + config.k() + " items per request, excluding items the user clicked before; users see "
                + "only what the policy shows them (no search, no browsing outside the list).");
        a.add("Randomness: for one seed, every policy faces the same users and the same random draws per user and "
                + "day (common random numbers); intervals are 95% Student-t over " + seeds.length + " seeds.");
        return a;
    }

    /** Runs of {@code arm}, in seed order. */
    public List<PolicyRun> runsOf(String arm) {
        List<PolicyRun> out = new ArrayList<>();
        for (PolicyRun r : runs) {
            if (r.arm().equals(arm)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Per-policy summary: mean DAU, CTR, last-day retention, clicks per user; in policy order. */
    public Map<String, Map<String, SeedStats>> summaries() {
        Map<String, Map<String, SeedStats>> out = new LinkedHashMap<>();
        for (PolicySpec p : policies) {
            List<PolicyRun> rs = runsOf(p.label());
            double[] dau = new double[rs.size()];
            double[] ctr = new double[rs.size()];
            double[] ret = new double[rs.size()];
            double[] cpu = new double[rs.size()];
            for (int s = 0; s < rs.size(); s++) {
                PolicyRun r = rs.get(s);
                dau[s] = r.meanDau();
                ctr[s] = r.overallCtr();
                ret[s] = r.retention(r.days() - 1);
                cpu[s] = (double) r.totalClicks() / r.users();
            }
            Map<String, SeedStats> m = new LinkedHashMap<>();
            m.put("mean_dau", SeedStats.of(dau, LEVEL));
            m.put("ctr", SeedStats.of(ctr, LEVEL));
            m.put("retention_last_day", SeedStats.of(ret, LEVEL));
            m.put("clicks_per_user", SeedStats.of(cpu, LEVEL));
            out.put(p.label(), m);
        }
        return out;
    }

    /** {@code [day]} statistics of one daily series ("dau", "clicking_users", "ctr" or "retention") of {@code arm}. */
    public SeedStats[] daily(String arm, String series) {
        List<PolicyRun> rs = runsOf(arm);
        SeedStats[] out = new SeedStats[config.days()];
        for (int d = 0; d < out.length; d++) {
            double[] v = new double[rs.size()];
            for (int s = 0; s < v.length; s++) {
                PolicyRun r = rs.get(s);
                v[s] = switch (series) {
                    case "dau" -> r.active()[d];
                    case "clicking_users" -> r.clickers()[d];
                    case "ctr" -> r.ctr(d);
                    case "retention" -> r.retention(d);
                    default -> throw new IllegalArgumentException("unknown series '" + series + "'");
                };
            }
            out[d] = SeedStats.of(v, LEVEL);
        }
        return out;
    }

    public ObjectNode toJson() {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("kind", "affinity-simulation");
        root.put("disclaimer", DISCLAIMER);
        ArrayNode as = root.putArray("assumptions");
        assumptions().forEach(as::add);
        ObjectNode w = root.putObject("world");
        w.put("name", world.name());
        w.put("truth", world.truth());
        w.put("users", world.numUsers());
        w.put("items", world.numItems());
        w.put("items_at_start", world.availableItems(0).length);
        w.put("items_at_end", world.availableItems(config.days() - 1).length);
        w.put("drift_per_day", config.driftIn(world));
        w.put("affinity_mean", world.affinityMean());
        w.put("affinity_sd", world.affinitySd());
        w.put("start_epoch_second", world.startEpochSecond());
        ObjectNode c = root.putObject("config");
        c.put("days", config.days());
        c.put("users", simulatedUsers());
        c.put("k", config.k());
        ArrayNode sn = c.putArray("seeds");
        for (long s : seeds) {
            sn.add(s);
        }
        ObjectNode cm = c.putObject("choice_model");
        cm.put("formula", "P(click at position r) = r^-eta / (1 + exp(-beta * (z - tau)))");
        cm.put("beta", config.choice().beta());
        cm.put("tau", config.choice().tau());
        cm.put("eta", config.choice().eta());
        ObjectNode rm = c.putObject("return_model");
        rm.put("formula", "P(active tomorrow | active today) = 1 / (1 + exp(-(gamma0 + gamma1 * ln(1 + clicks)))); "
                + "P(active tomorrow | inactive today) = reactivation");
        rm.put("gamma0", config.returns().gamma0());
        rm.put("gamma1", config.returns().gamma1());
        rm.put("reactivation", config.returns().reactivation());
        c.put("ci", "95% Student-t over seeds");
        ObjectNode defs = root.putObject("definitions");
        defs.put("dau", "simulated users active that day (they came back and requested a list)");
        defs.put("clicking_users", "users with at least one click on a recommendation that day: the server's DAU "
                + "(GET /v1/metrics/engagement active_users)");
        defs.put("ctr", "clicks / impressions (one impression per shown item)");
        root.set("run", om.valueToTree(runInfo));
        Map<String, Map<String, SeedStats>> sums = summaries();
        ArrayNode ps = root.putArray("policies");
        List<PolicyRun> first = policies.isEmpty() ? List.of() : runsOf(policies.get(0).label());
        for (PolicySpec p : policies) {
            ObjectNode pn = ps.addObject();
            pn.put("arm", p.label());
            pn.put("model", p.modelSpec());
            pn.put("fold_in", p.foldIn());
            pn.put("refit_every_days", p.refitEvery());
            pn.put("drift_monitor", p.monitor());
            ObjectNode sum = pn.putObject("summary");
            sums.get(p.label()).forEach((k, v) -> stats(sum.putObject(k), v));
            List<PolicyRun> rs = runsOf(p.label());
            if (p != policies.get(0) && rs.size() >= 2 && rs.size() == first.size()) {
                double[] a = new double[rs.size()];
                double[] b = new double[rs.size()];
                for (int s = 0; s < a.length; s++) {
                    a[s] = rs.get(s).meanDau();
                    b[s] = first.get(s).meanDau();
                }
                ObjectNode vs = pn.putObject("vs_first_policy");
                vs.put("first_policy", policies.get(0).label());
                vs.put("mean_dau_difference", PairedTests.meanDifference(a, b));
                vs.put("paired_t_p", PairedTests.pairedTTestP(a, b));
            }
            ObjectNode days = pn.putObject("daily");
            for (String series : List.of("dau", "clicking_users", "ctr", "retention")) {
                SeedStats[] st = daily(p.label(), series);
                ObjectNode sn2 = days.putObject(series);
                ArrayNode mean = sn2.putArray("mean");
                ArrayNode lo = sn2.putArray("ci_low");
                ArrayNode hi = sn2.putArray("ci_high");
                for (SeedStats x : st) {
                    num(mean, x.mean());
                    num(lo, x.ciLow());
                    num(hi, x.ciHigh());
                }
            }
            ArrayNode per = pn.putArray("per_seed");
            for (PolicyRun r : rs) {
                ObjectNode o = per.addObject();
                o.put("seed", r.seed());
                o.put("mean_dau", r.meanDau());
                numField(o, "ctr", r.overallCtr());
                o.put("clicks", r.totalClicks());
                ArrayNode act = o.putArray("dau");
                for (int v : r.active()) {
                    act.add(v);
                }
                ArrayNode clk = o.putArray("clicking_users");
                for (int v : r.clickers()) {
                    clk.add(v);
                }
                ArrayNode rf = o.putArray("refit_days");
                for (int v : r.refitDays()) {
                    rf.add(v);
                }
                ArrayNode al = o.putArray("monitor_alarm_days");
                for (int v : r.alarmDays()) {
                    al.add(v);
                }
                o.put("fit_seconds", r.fitSeconds());
                o.put("sim_seconds", r.simSeconds());
            }
        }
        return root;
    }

    public void writeJson(Path file) throws IOException {
        writeJson(file, Map.of());
    }

    /** Writes {@link #toJson()} with {@code extra} fields added at the top level (e.g. the replay check). */
    public void writeJson(Path file, Map<String, ? extends com.fasterxml.jackson.databind.JsonNode> extra)
            throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = toJson();
        extra.forEach(root::set);
        Files.writeString(file, om.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }

    /** Plain-text summary for the terminal. */
    public String console() {
        StringBuilder sb = new StringBuilder();
        sb.append(DISCLAIMER).append('\n');
        for (String a : assumptions()) {
            sb.append("  - ").append(a).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%n%s: %d users, %d days, k=%d, %d seed(s); mean [95%% CI]%n",
                world.name(), simulatedUsers(), config.days(), config.k(), seeds.length));
        sb.append(String.format(Locale.ROOT, "%-30s %-26s %-26s %-26s%n", "policy", "mean DAU", "CTR",
                "retention day " + (config.days() - 1)));
        for (Map.Entry<String, Map<String, SeedStats>> e : summaries().entrySet()) {
            Map<String, SeedStats> m = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-30s %-26s %-26s %-26s%n", e.getKey(), fmt(m.get("mean_dau"), 1),
                    fmt(m.get("ctr"), 4), fmt(m.get("retention_last_day"), 3)));
        }
        return sb.toString();
    }

    /** A self-contained HTML page with the summary table and DAU, CTR and retention charts. */
    public String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Affinity simulation: ")
                .append(esc(world.name())).append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "td:first-child{text-align:left}.warn{background:#fff4d6;border:1px solid #e0b000;padding:8px}</style>"
                        + "</head><body>");
        sb.append("<h1>Engagement simulation: ").append(esc(world.name())).append("</h1>");
        sb.append("<p class=\"warn\"><b>").append(esc(DISCLAIMER)).append("</b></p><h2>Assumptions</h2><ul>");
        for (String a : assumptions()) {
            sb.append("<li>").append(esc(a)).append("</li>");
        }
        sb.append("</ul><h2>Summary</h2><p>").append(simulatedUsers()).append(" users, ")
                .append(config.days()).append(" days, k=").append(config.k()).append(", ").append(seeds.length)
                .append(" seed(s); mean [95% t-interval over seeds]</p><table><tr><th>policy</th><th>mean DAU</th>"
                        + "<th>CTR</th><th>retention, last day</th><th>clicks per user</th></tr>");
        for (Map.Entry<String, Map<String, SeedStats>> e : summaries().entrySet()) {
            Map<String, SeedStats> m = e.getValue();
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(fmt(m.get("mean_dau"), 1))
                    .append("</td><td>").append(fmt(m.get("ctr"), 4)).append("</td><td>")
                    .append(fmt(m.get("retention_last_day"), 3)).append("</td><td>")
                    .append(fmt(m.get("clicks_per_user"), 2)).append("</td></tr>");
        }
        sb.append("</table>");
        sb.append(chart("Daily active users", "dau")).append(chart("Click-through rate", "ctr"))
                .append(chart("Retention (fraction of day-0 users active)", "retention"));
        sb.append("</body></html>\n");
        return sb.toString();
    }

    public void writeHtml(Path file) throws IOException {
        Files.writeString(file, html(), StandardCharsets.UTF_8);
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private String chart(String title, String series) {
        double w = 760;
        double h = 300;
        double left = 60;
        double right = 200;
        double top = 30;
        double bottom = 40;
        int days = config.days();
        List<SeedStats[]> all = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (PolicySpec p : policies) {
            SeedStats[] st = daily(p.label(), series);
            all.add(st);
            for (SeedStats s : st) {
                for (double v : new double[] {s.mean(), s.ciLow(), s.ciHigh()}) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (!Double.isFinite(min)) {
            return "";
        }
        min = Math.min(0, min);
        if (max <= min) {
            max = min + 1;
        }
        double pw = w - left - right;
        double ph = h - top - bottom;
        StringBuilder sb = new StringBuilder();
        sb.append("<h2>").append(esc(title)).append("</h2><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(w).append("\" height=\"").append(h).append("\" font-size=\"11\">");
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\"/>",
                left, top + ph, left + pw, top + ph));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\"/>",
                left, top, left, top + ph));
        for (int t = 0; t <= 4; t++) {
            double v = min + (max - min) * t / 4;
            double y = top + ph - ph * t / 4;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left - 4,
                    y + 4, trim(v)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">day (0..%d)</text>",
                left + pw / 2, h - 8, days - 1));
        for (int p = 0; p < all.size(); p++) {
            SeedStats[] st = all.get(p);
            String col = COLORS[p % COLORS.length];
            StringBuilder band = new StringBuilder();
            StringBuilder line = new StringBuilder();
            for (int d = 0; d < days; d++) {
                double x = left + (days == 1 ? pw / 2 : pw * d / (days - 1));
                if (Double.isFinite(st[d].mean())) {
                    line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(st[d].mean(), min, max, top, ph)));
                }
                if (Double.isFinite(st[d].ciHigh())) {
                    band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(st[d].ciHigh(), min, max, top, ph)));
                }
            }
            for (int d = days - 1; d >= 0; d--) {
                double x = left + (days == 1 ? pw / 2 : pw * d / (days - 1));
                if (Double.isFinite(st[d].ciLow())) {
                    band.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(st[d].ciLow(), min, max, top, ph)));
                }
            }
            if (band.length() > 0) {
                sb.append("<polygon points=\"").append(band).append("\" fill=\"").append(col)
                        .append("\" fill-opacity=\"0.15\" stroke=\"none\"/>");
            }
            sb.append("<polyline points=\"").append(line).append("\" fill=\"none\" stroke=\"").append(col)
                    .append("\" stroke-width=\"2\"/>");
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>", left + pw + 10,
                    top + 14 + 16 * p, col, esc(policies.get(p).label())));
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static double y(double v, double min, double max, double top, double ph) {
        return top + ph - ph * (v - min) / (max - min);
    }

    private static String trim(double v) {
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt(SeedStats s, int digits) {
        String f = "%." + digits + "f";
        if (!Double.isFinite(s.ciLow())) {
            return String.format(Locale.ROOT, f, s.mean());
        }
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", s.mean(), s.ciLow(), s.ciHigh());
    }

    private static void stats(ObjectNode o, SeedStats s) {
        numField(o, "mean", s.mean());
        numField(o, "ci_low", s.ciLow());
        numField(o, "ci_high", s.ciHigh());
        o.put("n", s.n());
    }

    private static void numField(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    private static void num(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
