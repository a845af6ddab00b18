package ai.affinity.tune;

import ai.affinity.eval.MetricSummary;
import ai.affinity.report.HtmlReport;
import ai.affinity.report.JsonReport;
import ai.affinity.report.MarkdownReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Files written by {@code affinity tune}, all from one {@link TuningResult}:
 * <ul>
 * <li>{@code trace.json}: {@code {"model", "metric", "strategy", "budget", "grid_size", "selection",
 *     "validation": {carve-out parameters and sizes}, "best_index", "best_spec", "trials": [{"index",
 *     "origin", "status" ("ok" or "failed"), "spec", "config", "params", "score": {"mean", "ci95"},
 *     "metrics", "fit_seconds", "eval_seconds", "error"}]}};</li>
 * <li>{@code trace.csv}: one row per trial: index, origin, status, one column per searched
 *     parameter (its value as built, so the defaults row is filled in too), the metric with its CI,
 *     the other accuracy metrics at the same k, seconds, error;</li>
 * <li>{@code best.json}: {@code {"model", "params", "spec", "selection", "validation": {metric, mean,
 *     ci95, trial}, "test": {the tuned model's test metrics at the metric's k}}}; {@code affinity
 *     evaluate --config} reads it back;</li>
 * <li>{@code results.json}, {@code report.md}, {@code report.html}: the final test evaluation in the
 *     usual shape, plus a {@code "tuning"} key (the trace document above) in results.json and a
 *     "Tuning" section with the trace table in both reports.</li>
 * </ul>
 * NaN and infinite numbers are written as JSON null. Stateless and thread-safe.
 */
public final class TuneReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TuneReport() {
    }

    /** Writes every file listed above into {@code dir} (created when missing). */
    public static void writeAll(TuningResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeJson(traceJson(r), dir.resolve("trace.json"));
        writeTraceCsv(r, dir.resolve("trace.csv"));
        writeJson(bestJson(r), dir.resolve("best.json"));
        ObjectNode results = JsonReport.toTree(r.test());
        results.set("tuning", traceJson(r));
        writeJson(results, dir.resolve("results.json"));
        Files.writeString(dir.resolve("report.md"), MarkdownReport.render(r.test()) + markdownSection(r),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), withHtmlSection(HtmlReport.render(r.test()), htmlSection(r)),
                StandardCharsets.UTF_8);
    }

    /** The search trace as a JSON document (see the class comment). */
    public static ObjectNode traceJson(TuningResult r) {
        ObjectNode root = NODES.objectNode();
        root.put("model", r.model());
        root.put("metric", r.metric());
        root.put("strategy", r.strategy());
        root.put("budget", r.budget());
        root.put("grid_size", r.gridSize());
        root.put("selection", r.selectionStatement());
        ObjectNode validation = root.putObject("validation");
        validation.put("protocol", "validation carve-out: per-user random holdout of training events");
        validation.put("fraction", r.validationFraction());
        validation.put("seed", r.seed());
        for (Map.Entry<String, Object> e : r.validationProtocol().entrySet()) {
            validation.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
        }
        root.put("best_index", r.bestIndex());
        root.put("best_spec", r.bestSpec());
        ArrayNode trials = root.putArray("trials");
        for (Trial t : r.trials()) {
            ObjectNode n = trials.addObject();
            n.put("index", t.index());
            n.put("origin", t.origin());
            n.put("status", t.failed() ? "failed" : "ok");
            n.put("spec", t.spec());
            ObjectNode config = n.putObject("config");
            t.config().forEach(config::put);
            n.set("params", t.params() == null ? NODES.nullNode() : finite(MAPPER.valueToTree(t.params())));
            n.set("score", score(t.score()));
            ObjectNode metrics = n.putObject("metrics");
            t.metrics().forEach((k, v) -> metrics.set(k, number(v)));
            n.set("fit_seconds", number(t.fitSeconds()));
            n.set("eval_seconds", number(t.evalSeconds()));
            if (t.error() == null) {
                n.putNull("error");
            } else {
                n.put("error", t.error());
            }
        }
        return root;
    }

    /** The selected configuration, as {@code affinity evaluate --config} reads it. */
    public static ObjectNode bestJson(TuningResult r) {
        Trial best = r.best();
        ObjectNode root = NODES.objectNode();
        root.put("model", r.model());
        root.set("params", best.params() == null ? NODES.objectNode() : finite(MAPPER.valueToTree(best.params())));
        root.put("spec", r.bestSpec());
        root.put("selection", r.selectionStatement());
        ObjectNode validation = root.putObject("validation");
        validation.put("metric", r.metric());
        validation.set("mean", number(best.value()));
        validation.set("ci95", ci(best.score()));
        validation.put("trial", best.index());
        validation.put("trials", r.trials().size());
        validation.put("strategy", r.strategy());
        ObjectNode test = root.putObject("test");
        var tuned = r.test().models().get(0);
        int k = Tuner.metricK(r.metric());
        test.put("model", tuned.name());
        for (String family : Tuner.METRIC_FAMILIES) {
            MetricSummary s = tuned.metrics().get(family + "@" + k);
            if (s != null) {
                ObjectNode m = test.putObject(family + "@" + k);
                m.set("mean", number(s.mean()));
                m.set("ci95", ci(s));
            }
        }
        return root;
    }

    /** The trace as CSV (see the class comment); streams rows. */
    public static void writeTraceCsv(TuningResult r, Path file) throws IOException {
        List<String> paramNames = paramColumns(r);
        List<String> metricNames = new ArrayList<>();
        for (Trial t : r.trials()) {
            for (String m : t.metrics().keySet()) {
                if (!m.equals(r.metric()) && !metricNames.contains(m)) {
                    metricNames.add(m);
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> head = new ArrayList<>(List.of("index", "origin", "status"));
            head.addAll(paramNames);
            head.addAll(List.of(r.metric(), "ci_low", "ci_high"));
            head.addAll(metricNames);
            head.addAll(List.of("fit_seconds", "eval_seconds", "error"));
            w.write(csvRow(head));
            for (Trial t : r.trials()) {
                List<String> row = new ArrayList<>();
                row.add(Integer.toString(t.index()));
                row.add(t.origin());
                row.add(t.failed() ? "failed" : "ok");
                for (String p : paramNames) {
                    row.add(paramValue(t, p));
                }
                MetricSummary s = t.score();
                row.add(s == null ? "" : Double.toString(s.mean()));
                row.add(s == null || !s.hasCi() ? "" : Double.toString(s.ciLow()));
                row.add(s == null || !s.hasCi() ? "" : Double.toString(s.ciHigh()));
                for (String m : metricNames) {
                    Double v = t.metrics().get(m);
                    row.add(v == null ? "" : Double.toString(v));
                }
                row.add(String.format(Locale.ROOT, "%.3f", t.fitSeconds()));
                row.add(String.format(Locale.ROOT, "%.3f", t.evalSeconds()));
                row.add(t.error() == null ? "" : t.error());
                w.write(csvRow(row));
            }
        }
    }

    /**
     * One line of the live trace, e.g.
     * {@code "trial  3/20  grid      lambda=500             ndcg@10 0.4312 [0.4201, 0.4420]  fit 1.2s  eval 0.3s"}.
     */
    public static String traceLine(Trial t, int total, String metric) {
        int width = Integer.toString(total).length();
        String config = t.config().isEmpty() ? "(defaults)" : String.join(",", t.config().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        String head = String.format(Locale.ROOT, "trial %" + width + "d/%d  %-8s  %-28s", t.index() + 1, total,
                t.origin(), config);
        String times = String.format(Locale.ROOT, "  fit %.1fs  eval %.1fs", t.fitSeconds(), t.evalSeconds());
        if (t.failed()) {
            return head + "  FAILED: " + t.error() + times;
        }
        MetricSummary s = t.score();
        String ci = s.hasCi() ? String.format(Locale.ROOT, " [%.4f, %.4f]", s.ciLow(), s.ciHigh()) : "";
        return head + String.format(Locale.ROOT, "  %s %.4f%s", metric, s.mean(), ci) + times;
    }

    /** The "Tuning" section appended to report.md: the selection statement and the trace table. */
    public static String markdownSection(TuningResult r) {
        StringBuilder sb = new StringBuilder("\n## Tuning\n\n");
        sb.append("- **Selection:** ").append(md(r.selectionStatement())).append('\n');
        sb.append("- **Search:** ").append(md(r.strategy())).append(", ").append(r.trials().size())
                .append(" trials (budget ").append(r.budget()).append(", grid size ").append(r.gridSize()).append(")\n");
        sb.append("- **Best:** `").append(r.bestSpec()).append("` (trial ").append(r.bestIndex() + 1).append(")\n\n");
        List<String> params = paramColumns(r);
        sb.append("| Trial | Origin |");
        for (String p : params) {
            sb.append(' ').append(md(p)).append(" |");
        }
        sb.append(' ').append(md(r.metric())).append(" (validation) | Fit (s) | Eval (s) | Note |\n|---:|---|");
        sb.append("---|".repeat(params.size())).append("---:|---:|---:|---|\n");
        for (Trial t : r.trials()) {
            sb.append("| ").append(t.index() + 1).append(" | ").append(t.origin()).append(" |");
            for (String p : params) {
                sb.append(' ').append(md(paramValue(t, p))).append(" |");
            }
            sb.append(' ').append(scoreText(t, t.index() == r.bestIndex() ? "**" : "")).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f | %.2f", t.fitSeconds(), t.evalSeconds())).append(" | ")
                    .append(t.failed() ? "failed: " + md(t.error()) : t.index() == r.bestIndex() ? "best" : "")
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The "Tuning" section of report.html (escaped; same content as the markdown one). */
    public static String htmlSection(TuningResult r) {
        StringBuilder sb = new StringBuilder("<h2>Tuning</h2>\n<table class=\"facts\">\n");
        sb.append("<tr><th>Selection</th><td>").append(html(r.selectionStatement())).append("</td></tr>\n");
        sb.append("<tr><th>Search</th><td>").append(html(r.strategy())).append(", ").append(r.trials().size())
                .append(" trials (budget ").append(r.budget()).append(", grid size ").append(r.gridSize())
                .append(")</td></tr>\n");
        sb.append("<tr><th>Best</th><td><code>").append(html(r.bestSpec())).append("</code> (trial ")
                .append(r.bestIndex() + 1).append(")</td></tr>\n</table>\n");
        List<String> params = paramColumns(r);
        sb.append("<div class=\"scroll\"><table class=\"metrics\">\n<tr><th>Trial</th><th>Origin</th>");
        for (String p : params) {
            sb.append("<th>").append(html(p)).append("</th>");
        }
        sb.append("<th>").append(html(r.metric())).append(" (validation)</th><th>Fit (s)</th><th>Eval (s)</th>")
                .append("<th>Note</th></tr>\n");
        for (Trial t : r.trials()) {
            boolean best = t.index() == r.bestIndex();
            sb.append("<tr><td class=\"num\">").append(t.index() + 1).append("</td><td>").append(html(t.origin()))
                    .append("</td>");
            for (String p : params) {
                sb.append("<td>").append(html(paramValue(t, p))).append("</td>");
            }
            sb.append("<td class=\"num").append(best ? " best" : "").append("\"><span class=\"m\">")
                    .append(html(scoreText(t, ""))).append("</span></td>")
                    .append(String.format(Locale.ROOT, "<td class=\"num\">%.2f</td><td class=\"num\">%.2f</td>",
                            t.fitSeconds(), t.evalSeconds()))
                    .append("<td>").append(t.failed() ? "failed: " + html(t.error()) : best ? "best" : "")
                    .append("</td></tr>\n");
        }
        sb.append("</table></div>\n");
        return sb.toString();
    }

    /** Inserts {@code section} before the report's footer (or before {@code </main>}, or at the end). */
    static String withHtmlSection(String report, String section) {
        for (String marker : new String[] {"<footer>", "</main>", "</body>"}) {
            int at = report.lastIndexOf(marker);
            if (at >= 0) {
                return report.substring(0, at) + section + report.substring(at);
            }
        }
        return report + section;
    }

    /** Searched parameters first (space order), then any other configured key. */
    private static List<String> paramColumns(TuningResult r) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (SearchSpace.Param p : ai.affinity.model.AlgorithmRegistry.searchSpace(r.model()).params()) {
                names.add(p.name());
            }
        } catch (IllegalArgumentException e) {
            // The model was unregistered after tuning: the trials' own keys are all there is.
        }
        for (Trial t : r.trials()) {
            names.addAll(t.config().keySet());
        }
        return new ArrayList<>(names);
    }

    /** The value as configured, else as the built algorithm reports it (the defaults' row), else empty. */
    private static String paramValue(Trial t, String name) {
        String v = t.config().get(name);
        if (v != null) {
            return v;
        }
        Object p = t.params() == null ? null : t.params().get(name);
        return p == null ? "" : String.valueOf(p);
    }

    private static String scoreText(Trial t, String emphasis) {
        if (t.failed()) {
            return "—";
        }
        MetricSummary s = t.score();
        String ci = s.hasCi() ? String.format(Locale.ROOT, " [%.4f, %.4f]", s.ciLow(), s.ciHigh()) : "";
        return emphasis + String.format(Locale.ROOT, "%.4f", s.mean()) + emphasis + ci;
    }

    private static JsonNode score(MetricSummary s) {
        if (s == null) {
            return NODES.nullNode();
        }
        ObjectNode n = NODES.objectNode();
        n.set("mean", number(s.mean()));
        n.set("ci95", ci(s));
        n.put("n", s.n());
        return n;
    }

    private static JsonNode ci(MetricSummary s) {
        if (s == null || !s.hasCi()) {
            return NODES.nullNode();
        }
        ArrayNode a = NODES.arrayNode();
        a.add(number(s.ciLow()));
        a.add(number(s.ciHigh()));
        return a;
    }

    private static JsonNode number(double v) {
        return Double.isFinite(v) ? NODES.numberNode(v) : NODES.nullNode();
    }

    private static JsonNode finite(JsonNode node) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return NODES.nullNode();
        }
        if (node instanceof ObjectNode obj) {
            List<String> keys = new ArrayList<>();
            obj.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                obj.set(k, finite(obj.get(k)));
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, finite(arr.get(i)));
            }
        }
        return node;
    }

    private static void writeJson(JsonNode node, Path file) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
    }

    private static String csvRow(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) {
                sb.append(',');
            }
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.append('\n').toString();
    }

    private static String md(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '#' -> sb.append('\\').append(c);
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String html(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
