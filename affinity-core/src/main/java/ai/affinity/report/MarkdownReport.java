package ai.affinity.report;

import ai.affinity.eval.Comparison;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.ModelResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A markdown report of an evaluation: title; the protocol first (name, full or sampled ranking,
 * parameters, seed, dataset facts, command, machine); the models with parameters and timings; one
 * metrics table per k with means and 95% bootstrap intervals; the paired comparisons with p-values;
 * and a short note on how to read the numbers. All text from the result is escaped for markdown.
 * Stateless and thread-safe.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    /** Writes {@link #render} to {@code file} (UTF-8), creating parent directories. */
    public static void write(EvaluationResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(r), StandardCharsets.UTF_8);
    }

    /** The report as markdown text. */
    public static String render(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Evaluation report: ").append(ReportSupport.md(ReportSupport.datasetName(r))).append("\n\n");
        if (ReportSupport.isSampled(r)) {
            sb.append("> **Sampled ranking:** ").append(ReportSupport.md(ReportSupport.rankingLabel(r)))
                    .append(". Each user's test items are ranked against a sample of negatives, not the whole ")
                    .append("catalogue; these numbers are not comparable with full-ranking results.\n\n");
        }

        sb.append("## Protocol\n\n");
        for (Map.Entry<String, String> e : ReportSupport.facts(r).entrySet()) {
            sb.append("- **").append(ReportSupport.md(e.getKey())).append(":** ");
            if (e.getKey().equals("Command") && !e.getValue().contains("`")) {
                sb.append('`').append(e.getValue()).append('`');
            } else {
                sb.append(ReportSupport.md(e.getValue()));
            }
            sb.append('\n');
        }
        sb.append('\n');

        sb.append("## Models\n\n");
        sb.append("| Model | Parameters | Fit (s) | Eval (s) | Users |\n|---|---|---:|---:|---:|\n");
        for (ModelResult m : r.models()) {
            String params = m.params() == null || m.params().isEmpty() ? "—"
                    : ReportSupport.joinParams(ReportSupport.flatten(m.params()));
            sb.append("| ").append(ReportSupport.md(m.name()))
                    .append(" | ").append(ReportSupport.md(params))
                    .append(" | ").append(ReportSupport.seconds(m.fitSeconds()))
                    .append(" | ").append(ReportSupport.seconds(m.evalSeconds()))
                    .append(" | ").append(ReportSupport.users(m)).append(" |\n");
        }
        sb.append('\n');

        for (int k : ReportSupport.sortedKs(r)) {
            List<String> families = ReportSupport.familiesAt(r, k);
            if (families.isEmpty()) {
                continue;
            }
            sb.append("## Metrics at k = ").append(k).append("\n\n");
            metricsTable(sb, r, families.stream().map(f -> ReportSupport.key(f, k)).toList());
        }
        List<String> other = ReportSupport.otherKeys(r);
        if (!other.isEmpty()) {
            sb.append("## Other metrics\n\n");
            metricsTable(sb, r, other);
        }

        List<Comparison> comparisons = r.comparisons() == null ? List.of() : r.comparisons();
        if (!comparisons.isEmpty()) {
            sb.append("## Comparisons\n\n");
            sb.append("| Model | Baseline | Metric | Mean difference | p-value | Test |\n|---|---|---|---:|---:|---|\n");
            for (Comparison c : comparisons) {
                sb.append("| ").append(ReportSupport.md(c.model()))
                        .append(" | ").append(ReportSupport.md(c.baseline()))
                        .append(" | ").append(ReportSupport.md(c.metric()))
                        .append(" | ").append(ReportSupport.signed(c.meanDifference()))
                        .append(" | ").append(ReportSupport.pValue(c.pValue()))
                        .append(" | ").append(ReportSupport.md(c.test())).append(" |\n");
            }
            sb.append('\n');
        }

        sb.append("## How to read this\n\n");
        sb.append("- Each cell is the mean over evaluated users, followed by its 95% confidence interval in brackets: ")
                .append("a bootstrap percentile interval over users (users resampled with replacement).\n");
        sb.append("- Catalogue coverage is one value for the whole system, so it has no interval. ")
                .append("n/a means the value could not be computed (for example, no relevant items); ")
                .append("— means the model did not report the metric.\n");
        sb.append("- A comparison's p-value comes from a paired test over the same users (model minus baseline, ")
                .append("user by user); a small p-value says the difference is unlikely to be chance, not that it is large.\n");
        sb.append("- Ranking: ").append(ReportSupport.md(ReportSupport.rankingNote(r))).append('\n');
        return sb.toString();
    }

    private static void metricsTable(StringBuilder sb, EvaluationResult r, List<String> keys) {
        sb.append("| Model |");
        for (String key : keys) {
            sb.append(' ').append(ReportSupport.md(key)).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(keys.size()));
        sb.append('\n');
        for (ModelResult m : r.models()) {
            sb.append("| ").append(ReportSupport.md(m.name())).append(" |");
            for (String key : keys) {
                sb.append(' ').append(ReportSupport.meanCi(ReportSupport.metric(m, key))).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
    }
}
