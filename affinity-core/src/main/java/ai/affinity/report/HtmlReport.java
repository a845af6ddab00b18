package ai.affinity.report;

import ai.affinity.eval.Comparison;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML report, readable offline: inline CSS and inline SVG only, no scripts, fonts,
 * images or links to anything outside the file. Contents, top to bottom: the protocol (the same facts
 * as {@link MarkdownReport}, with a prominent banner when ranking is sampled); models with parameters
 * and timings; metric tables per k (mean and 95% CI, highest mean in bold); a bar chart with CI
 * whiskers for each headline metric at k = 10 (the middle k when 10 was not evaluated); metric-vs-k line charts for ndcg, recall and
 * precision; the paired comparisons; and how to read the numbers. Every string from the result is
 * HTML-escaped. Stateless and thread-safe.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
              color:#222;margin:0;background:#fafafa}
            main{max-width:1240px;margin:0 auto;padding:24px 28px 48px}
            h1{font-size:24px;margin:0 0 12px}
            h2{font-size:18px;margin:32px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:18px 0 6px}
            table{border-collapse:collapse;background:#fff;margin:4px 0 8px}
            th,td{border:1px solid #ddd;padding:5px 9px;text-align:left;vertical-align:top}
            th{background:#f0f0f0;font-weight:600}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td .ci{color:#666;font-size:11px}
            table.metrics th,table.metrics td{padding:4px 7px}
            td.name{min-width:120px;max-width:220px;overflow-wrap:break-word}
            .scroll{overflow-x:auto}
            td.best .m{font-weight:700}
            tr.sig td.p{font-weight:700}
            table.facts th{width:120px}
            .banner{padding:10px 14px;border-radius:4px;margin:8px 0 4px;font-size:15px}
            .banner.sampled{background:#fff3cd;border:2px solid #d39e00;color:#5c4400}
            .banner.full{background:#e8f4ea;border:1px solid #9ccaa5;color:#1e4d2b}
            .banner.unknown{background:#f3f3f3;border:1px solid #bbb}
            .charts{display:flex;flex-wrap:wrap;gap:14px}
            svg.chart{background:#fff;border:1px solid #ddd;border-radius:4px}
            svg.chart text{font-family:inherit;font-size:11px;fill:#333}
            svg.chart text.title{font-size:13px;font-weight:600;fill:#222}
            svg.chart text.value{fill:#222}
            svg.chart text.axis-title{fill:#555}
            svg.chart .grid{stroke:#ececec;stroke-width:1}
            svg.chart .axis{stroke:#444;stroke-width:1}
            svg.chart .whisker{stroke:#222;stroke-width:1.5}
            svg.chart .series{stroke-width:2;fill:none}
            svg.chart .marker{stroke:#fff;stroke-width:1}
            .note{color:#555}
            code{background:#eee;padding:1px 4px;border-radius:3px;word-break:break-all}
            footer{margin-top:36px;color:#888;font-size:12px}
            """;

    private HtmlReport() {
    }

    /** The report's style sheet, for other self-contained reports that want the same look. */
    public static String css() {
        return CSS;
    }

    /**
     * A horizontal bar chart with 95% CI whiskers, as in this report (inline SVG; NaN draws no bar or
     * whisker). For other reports built from the same parts.
     */
    public static String barChart(String title, List<String> names, double[] mean, double[] lo, double[] hi) {
        return Charts.bars(title, names, mean, lo, hi);
    }

    /**
     * A line chart, one line per series over the x labels (evenly spaced), as in this report's
     * metric-vs-k charts; NaN values break the line.
     */
    public static String lineChart(String title, String xTitle, String[] xLabels, List<String> names,
                                   double[][] values) {
        return Charts.lines(title, title, xTitle, " ", xLabels, names, values);
    }

    /** Writes {@link #render} to {@code file} (UTF-8), creating parent directories. */
    public static void write(EvaluationResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(r), StandardCharsets.UTF_8);
    }

    /** The report as one HTML document. */
    public static String render(EvaluationResult r) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        String title = "Evaluation report: " + ReportSupport.datasetName(r);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n");
        banner(sb, r);
        protocol(sb, r);
        models(sb, r);
        metrics(sb, r);
        barCharts(sb, r);
        lineCharts(sb, r);
        comparisons(sb, r);
        howToRead(sb, r);
        sb.append("<footer>Generated by Affinity. This file is self-contained: it loads nothing from anywhere.</footer>\n");
        sb.append("</main>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void banner(StringBuilder sb, EvaluationResult r) {
        String label = ReportSupport.rankingLabel(r);
        if (ReportSupport.isSampled(r)) {
            sb.append("<div class=\"banner sampled\"><strong>SAMPLED RANKING: ").append(esc(label))
                    .append(".</strong> Each user's test items compete only with sampled negatives, not the whole ")
                    .append("catalogue. These numbers are inflated compared with full ranking; compare them only with ")
                    .append("runs sampled the same way.</div>\n");
        } else if ("full".equalsIgnoreCase(label)) {
            sb.append("<div class=\"banner full\"><strong>Full ranking:</strong> each user's test items are ranked ")
                    .append("against the whole catalogue.</div>\n");
        } else {
            sb.append("<div class=\"banner unknown\"><strong>Ranking: ").append(esc(label))
                    .append(".</strong> The protocol does not say whether ranking was full or sampled.</div>\n");
        }
    }

    private static void protocol(StringBuilder sb, EvaluationResult r) {
        sb.append("<h2>Protocol</h2>\n<table class=\"facts\">\n");
        for (Map.Entry<String, String> e : ReportSupport.facts(r).entrySet()) {
            sb.append("<tr><th>").append(esc(e.getKey())).append("</th><td>");
            if (e.getKey().equals("Command")) {
                sb.append("<code>").append(esc(e.getValue())).append("</code>");
            } else if (e.getKey().equals("Ranking") && ReportSupport.isSampled(r)) {
                sb.append("<strong>").append(esc(e.getValue())).append("</strong>");
            } else {
                sb.append(esc(e.getValue()));
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    private static void models(StringBuilder sb, EvaluationResult r) {
        sb.append("<h2>Models</h2>\n<table>\n<tr><th>Model</th><th>Parameters</th><th>Fit (s)</th>")
                .append("<th>Eval (s)</th><th>Users</th></tr>\n");
        for (ModelResult m : r.models()) {
            String params = m.params() == null || m.params().isEmpty() ? "—"
                    : ReportSupport.joinParams(ReportSupport.flatten(m.params()));
            sb.append("<tr><td>").append(esc(m.name())).append("</td><td>").append(esc(params))
                    .append("</td><td class=\"num\">").append(ReportSupport.seconds(m.fitSeconds()))
                    .append("</td><td class=\"num\">").append(ReportSupport.seconds(m.evalSeconds()))
                    .append("</td><td class=\"num\">").append(ReportSupport.users(m)).append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    private static void metrics(StringBuilder sb, EvaluationResult r) {
        sb.append("<h2>Metrics</h2>\n<p class=\"note\">Mean over users, and below it the 95% bootstrap confidence interval; ")
                .append("the highest mean in each column is bold.</p>\n");
        for (int k : ReportSupport.sortedKs(r)) {
            List<String> families = ReportSupport.familiesAt(r, k);
            if (!families.isEmpty()) {
                sb.append("<h3>k = ").append(k).append("</h3>\n");
                metricsTable(sb, r, families.stream().map(f -> ReportSupport.key(f, k)).toList());
            }
        }
        List<String> other = ReportSupport.otherKeys(r);
        if (!other.isEmpty()) {
            sb.append("<h3>Other metrics</h3>\n");
            metricsTable(sb, r, other);
        }
    }

    private static void metricsTable(StringBuilder sb, EvaluationResult r, List<String> keys) {
        sb.append("<div class=\"scroll\"><table class=\"metrics\">\n<tr><th>Model</th>");
        double[] best = new double[keys.size()];
        for (int c = 0; c < keys.size(); c++) {
            sb.append("<th>").append(esc(keys.get(c))).append("</th>");
            best[c] = Double.NaN;
            for (ModelResult m : r.models()) {
                MetricSummary s = ReportSupport.metric(m, keys.get(c));
                if (s != null && Double.isFinite(s.mean()) && !(s.mean() <= best[c])) {
                    best[c] = s.mean();
                }
            }
        }
        sb.append("</tr>\n");
        for (ModelResult m : r.models()) {
            sb.append("<tr><td class=\"name\">").append(esc(m.name())).append("</td>");
            for (int c = 0; c < keys.size(); c++) {
                MetricSummary s = ReportSupport.metric(m, keys.get(c));
                boolean isBest = s != null && r.models().size() > 1 && s.mean() == best[c];
                sb.append(isBest ? "<td class=\"num best\">" : "<td class=\"num\">");
                if (s == null) {
                    sb.append("—");
                } else {
                    sb.append("<span class=\"m\">").append(ReportSupport.num(s.mean())).append("</span>");
                    if (s.hasCi() && Double.isFinite(s.mean())) {
                        sb.append("<br><span class=\"ci\">").append(ReportSupport.num(s.ciLow())).append("–")
                                .append(ReportSupport.num(s.ciHigh())).append("</span>");
                    }
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table></div>\n");
    }

    private static void barCharts(StringBuilder sb, EvaluationResult r) {
        int k = ReportSupport.headlineK(r);
        List<String> families = new ArrayList<>();
        for (String f : ReportSupport.familiesAt(r, k)) {
            if (ReportSupport.HEADLINE.contains(f)) {
                families.add(f);
            }
        }
        if (families.isEmpty()) {
            return;
        }
        sb.append("<h2>Headline metrics at k = ").append(k).append("</h2>\n")
                .append("<p class=\"note\">Bars: mean; whiskers: 95% bootstrap confidence interval. ")
                .append("Coverage is one catalogue-level value, so it has no whisker.</p>\n<div class=\"charts\">\n");
        List<String> names = modelNames(r);
        int n = names.size();
        for (String f : families) {
            String key = ReportSupport.key(f, k);
            double[] mean = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                MetricSummary s = ReportSupport.metric(r.models().get(i), key);
                mean[i] = s == null ? Double.NaN : s.mean();
                lo[i] = s == null || !s.hasCi() ? Double.NaN : s.ciLow();
                hi[i] = s == null || !s.hasCi() ? Double.NaN : s.ciHigh();
            }
            sb.append(Charts.bars(key, names, mean, lo, hi));
        }
        sb.append("</div>\n");
    }

    private static void lineCharts(StringBuilder sb, EvaluationResult r) {
        int[] ks = ReportSupport.sortedKs(r);
        if (ks.length < 2) {
            return; // one point per model is not a line; the bar charts already show it
        }
        List<String> names = modelNames(r);
        StringBuilder charts = new StringBuilder();
        for (String f : ReportSupport.LINE_CHART) {
            double[][] values = new double[names.size()][ks.length];
            boolean any = false;
            for (int i = 0; i < names.size(); i++) {
                for (int j = 0; j < ks.length; j++) {
                    MetricSummary s = ReportSupport.metric(r.models().get(i), ReportSupport.key(f, ks[j]));
                    values[i][j] = s == null ? Double.NaN : s.mean();
                    any |= s != null;
                }
            }
            if (any) {
                charts.append(Charts.lines(f, ks, names, values));
            }
        }
        if (charts.length() > 0) {
            sb.append("<h2>Metrics as k grows</h2>\n<div class=\"charts\">\n").append(charts).append("</div>\n");
        }
    }

    private static void comparisons(StringBuilder sb, EvaluationResult r) {
        List<Comparison> comparisons = r.comparisons() == null ? List.of() : r.comparisons();
        if (comparisons.isEmpty()) {
            return;
        }
        sb.append("<h2>Comparisons</h2>\n<p class=\"note\">Mean of (model − baseline) over the same users; ")
                .append("p-values below 0.05 are bold.</p>\n<table>\n<tr><th>Model</th><th>Baseline</th>")
                .append("<th>Metric</th><th>Mean difference</th><th>p-value</th><th>Test</th></tr>\n");
        for (Comparison c : comparisons) {
            sb.append(c.pValue() < 0.05 ? "<tr class=\"sig\">" : "<tr>")
                    .append("<td>").append(esc(c.model())).append("</td><td>").append(esc(c.baseline()))
                    .append("</td><td>").append(esc(c.metric())).append("</td><td class=\"num\">")
                    .append(ReportSupport.signed(c.meanDifference())).append("</td><td class=\"num p\">")
                    .append(esc(ReportSupport.pValue(c.pValue()))).append("</td><td>").append(esc(c.test()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    private static void howToRead(StringBuilder sb, EvaluationResult r) {
        sb.append("<h2>How to read this</h2>\n<ul class=\"note\">\n")
                .append("<li>Each value is a mean over evaluated users. The interval is a 95% bootstrap percentile ")
                .append("interval: users are resampled with replacement and the mean recomputed many times.</li>\n")
                .append("<li>Catalogue coverage is one value for the whole system, so it has no interval. ")
                .append("n/a: the value could not be computed; —: the model did not report the metric.</li>\n")
                .append("<li>A comparison's p-value comes from a paired test over the same users (model minus ")
                .append("baseline, user by user). A small p-value says the difference is unlikely to be chance, ")
                .append("not that it is large.</li>\n")
                .append("<li>Ranking: ").append(esc(ReportSupport.rankingNote(r))).append("</li>\n</ul>\n");
    }

    private static List<String> modelNames(EvaluationResult r) {
        List<String> names = new ArrayList<>();
        for (ModelResult m : r.models()) {
            names.add(m.name());
        }
        return names;
    }

    private static String esc(String s) {
        return ReportSupport.html(s);
    }
}
