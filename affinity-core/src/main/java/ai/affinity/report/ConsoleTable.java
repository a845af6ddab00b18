package ai.affinity.report;

import ai.affinity.eval.Comparison;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal summary of an evaluation: a header line with dataset, protocol, ranking ("full" or
 * "sampled (N negatives)") and seed; one fixed-width table per k with a row per model and the
 * headline metrics (precision, recall, ndcg, map, mrr, hit, coverage) as {@code mean ±half-width}
 * of the 95% bootstrap interval; then the paired comparisons. Lines stay within about 140 columns
 * (long model names are shortened with "…"). Stateless and thread-safe.
 */
public final class ConsoleTable {
    private static final int NAME_MAX = 20;
    private static final int CELL = 14;
    private static final String GAP = "  ";

    private ConsoleTable() {
    }

    /** The whole summary, lines separated by '\n', ending with a newline. */
    public static String render(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Evaluation of ").append(ReportSupport.datasetName(r))
                .append(" | protocol: ").append(ReportSupport.protocolName(r))
                .append(" | ranking: ").append(ReportSupport.rankingLabel(r))
                .append(" | seed: ").append(ReportSupport.seed(r)).append('\n');
        Map<String, Object> params = ReportSupport.protocolParams(r);
        if (!params.isEmpty()) {
            sb.append("protocol parameters: ").append(ReportSupport.joinParams(params)).append('\n');
        }
        Map<String, Object> facts = ReportSupport.flatten(r.dataset());
        facts.remove("name");
        if (!facts.isEmpty()) {
            sb.append("dataset: ").append(ReportSupport.joinParams(facts)).append('\n');
        }
        if (ReportSupport.isSampled(r)) {
            sb.append("NOTE: SAMPLED ranking: each user's test items are ranked against a sample of negatives, ")
                    .append("not the whole catalogue;\n      these numbers are not comparable with full-ranking results.\n");
        }
        sb.append("± = half-width of the 95% bootstrap CI over users; coverage is one catalogue-level value (no CI).\n");

        int nameWidth = 5;
        for (ModelResult m : r.models()) {
            nameWidth = Math.max(nameWidth, Math.min(NAME_MAX, m.name().length()));
        }
        for (int k : ReportSupport.sortedKs(r)) {
            List<String> families = new ArrayList<>();
            for (String f : ReportSupport.familiesAt(r, k)) {
                if (ReportSupport.HEADLINE.contains(f)) {
                    families.add(f);
                }
            }
            if (families.isEmpty()) {
                continue;
            }
            sb.append('\n').append("k = ").append(k).append('\n');
            StringBuilder header = new StringBuilder(pad("model", nameWidth)).append(GAP).append(alignRight("users", 5));
            StringBuilder rule = new StringBuilder("-".repeat(nameWidth)).append(GAP).append("-".repeat(5));
            for (String f : families) {
                header.append(GAP).append(pad(ReportSupport.key(f, k), CELL));
                rule.append(GAP).append("-".repeat(CELL));
            }
            sb.append(header.toString().stripTrailing()).append('\n').append(rule).append('\n');
            for (ModelResult m : r.models()) {
                StringBuilder row = new StringBuilder(pad(ReportSupport.clip(m.name(), nameWidth), nameWidth))
                        .append(GAP).append(alignRight(Integer.toString(ReportSupport.users(m)), 5));
                for (String f : families) {
                    row.append(GAP).append(pad(cell(ReportSupport.metric(m, ReportSupport.key(f, k))), CELL));
                }
                sb.append(row.toString().stripTrailing()).append('\n');
            }
        }

        List<Comparison> comparisons = r.comparisons() == null ? List.of() : r.comparisons();
        if (!comparisons.isEmpty()) {
            sb.append('\n').append("Paired comparisons (model - baseline over the same users):\n");
            String[] head = {"model", "baseline", "metric", "difference", "p-value", "test"};
            List<String[]> rows = new ArrayList<>();
            for (Comparison c : comparisons) {
                rows.add(new String[]{ReportSupport.clip(String.valueOf(c.model()), NAME_MAX),
                        ReportSupport.clip(String.valueOf(c.baseline()), NAME_MAX), String.valueOf(c.metric()),
                        ReportSupport.signed(c.meanDifference()), ReportSupport.pValue(c.pValue()),
                        String.valueOf(c.test())});
            }
            int[] widths = new int[head.length];
            for (int i = 0; i < head.length; i++) {
                widths[i] = head[i].length();
                for (String[] row : rows) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            appendRow(sb, head, widths);
            String[] rule = new String[head.length];
            for (int i = 0; i < head.length; i++) {
                rule[i] = "-".repeat(widths[i]);
            }
            appendRow(sb, rule, widths);
            for (String[] row : rows) {
                appendRow(sb, row, widths);
            }
        }
        return sb.toString();
    }

    /** "0.2512 ±0.0081", just the mean without an interval, "-" when the model lacks the metric. */
    private static String cell(MetricSummary s) {
        if (s == null) {
            return "-";
        }
        if (!s.hasCi() || !Double.isFinite(s.mean()) || !Double.isFinite(s.ciHigh())) {
            return ReportSupport.num(s.mean());
        }
        // Percentile intervals need not be symmetric; the half-width is a compact summary of the spread.
        double half = (s.ciHigh() - s.ciLow()) / 2;
        return String.format(Locale.ROOT, "%.4f ±%.4f", s.mean(), half);
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(GAP);
            }
            // Numbers (difference, p-value) right-aligned so their decimal points line up.
            line.append(i == 3 || i == 4 ? alignRight(cells[i], widths[i]) : pad(cells[i], widths[i]));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String alignRight(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
