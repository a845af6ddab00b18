package ai.affinity.report;

import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What every report needs: metric key order, the protocol facts phrased the same way everywhere
 * (so the console, markdown and HTML never disagree about "sampled"), number formats and escaping.
 * Stateless; package-private.
 */
final class ReportSupport {
    /** Metric families in the order reports show them; unknown families follow, by name. */
    static final List<String> FAMILY_ORDER = List.of(
            "precision", "recall", "f1", "ndcg", "map", "mrr", "hit", "coverage", "novelty", "diversity");

    /** The metrics shown in the console table and charted in the HTML report. */
    static final List<String> HEADLINE = List.of("precision", "recall", "ndcg", "map", "mrr", "hit", "coverage");

    /** Metrics drawn as metric-vs-K lines in the HTML report. */
    static final List<String> LINE_CHART = List.of("ndcg", "recall", "precision");

    static final String NA = "n/a";

    private ReportSupport() {
    }

    /** The family of a key like "ndcg@10" ("ndcg"); a key without '@' is its own family. */
    static String family(String key) {
        int at = key.lastIndexOf('@');
        return at < 0 ? key : key.substring(0, at);
    }

    /** The cutoff of a key like "ndcg@10" (10), or -1 when the key has none or it is not a number. */
    static int cutoff(String key) {
        int at = key.lastIndexOf('@');
        if (at < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(key.substring(at + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String key(String family, int k) {
        return family + "@" + k;
    }

    /** Orders metric keys by family (known families first, in {@link #FAMILY_ORDER}), then by k. */
    static final Comparator<String> METRIC_ORDER = Comparator
            .comparingInt((String key) -> {
                int i = FAMILY_ORDER.indexOf(family(key));
                return i < 0 ? FAMILY_ORDER.size() : i;
            })
            .thenComparing(ReportSupport::family)
            .thenComparingInt(ReportSupport::cutoff)
            .thenComparing(Comparator.naturalOrder());

    static List<String> ordered(Collection<String> keys) {
        List<String> out = new ArrayList<>(keys);
        out.sort(METRIC_ORDER);
        return out;
    }

    /** Every metric key reported by any model, in report order. */
    static List<String> allMetricKeys(EvaluationResult r) {
        TreeSet<String> keys = new TreeSet<>(METRIC_ORDER);
        for (ModelResult m : r.models()) {
            if (m.metrics() != null) {
                keys.addAll(m.metrics().keySet());
            }
        }
        return new ArrayList<>(keys);
    }

    /** Families that any model reports at cutoff {@code k}, in report order. */
    static List<String> familiesAt(EvaluationResult r, int k) {
        List<String> out = new ArrayList<>();
        for (String key : allMetricKeys(r)) {
            if (cutoff(key) == k && !out.contains(family(key))) {
                out.add(family(key));
            }
        }
        return out;
    }

    /** Metric keys whose cutoff is not one of {@code r.ks()} (e.g. "auc"), in report order. */
    static List<String> otherKeys(EvaluationResult r) {
        int[] ks = sortedKs(r);
        List<String> out = new ArrayList<>();
        for (String key : allMetricKeys(r)) {
            if (Arrays.binarySearch(ks, cutoff(key)) < 0) {
                out.add(key);
            }
        }
        return out;
    }

    static int[] sortedKs(EvaluationResult r) {
        int[] ks = r.ks() == null ? new int[0] : r.ks().clone();
        Arrays.sort(ks);
        return ks;
    }

    /**
     * The cutoff the bar charts are drawn at: 10 when evaluated (the field's usual headline), else the
     * middle one (20 of 5, 20, 50); -1 when there are none.
     */
    static int headlineK(EvaluationResult r) {
        int[] ks = sortedKs(r);
        if (Arrays.binarySearch(ks, 10) >= 0) {
            return 10;
        }
        return ks.length == 0 ? -1 : ks[ks.length / 2];
    }

    static MetricSummary metric(ModelResult m, String key) {
        return m.metrics() == null ? null : m.metrics().get(key);
    }

    /** Users evaluated for a model: the length of its user list, else the largest metric n. */
    static int users(ModelResult m) {
        if (m.users() != null) {
            return m.users().length;
        }
        int n = 0;
        if (m.metrics() != null) {
            for (MetricSummary s : m.metrics().values()) {
                n = Math.max(n, s.n());
            }
        }
        return n;
    }

    // ---- protocol facts -------------------------------------------------------------------------

    static Map<String, Object> nonNull(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    static boolean isSampled(EvaluationResult r) {
        Object ranking = nonNull(r.protocol()).get("ranking");
        return ranking != null && String.valueOf(ranking).trim().toLowerCase(Locale.ROOT).startsWith("sampled");
    }

    /**
     * Number of sampled negatives per user, from the first protocol parameter whose name mentions
     * "negative" (e.g. "negatives", "num_negatives"); null when none is given.
     */
    static Object negatives(EvaluationResult r) {
        for (Map.Entry<String, Object> e : protocolParams(r).entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).contains("negative") && e.getValue() != null) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * "full", "sampled (100 negatives)" or "sampled"; "not stated" when the protocol omits the
     * ranking, because guessing "full" there would repeat the field's commonest reporting error.
     */
    static String rankingLabel(EvaluationResult r) {
        if (isSampled(r)) {
            Object neg = negatives(r);
            return neg == null ? "sampled" : "sampled (" + plain(neg) + " negatives)";
        }
        Object ranking = nonNull(r.protocol()).get("ranking");
        return ranking == null ? "not stated" : plain(ranking);
    }

    /** One sentence on what the ranking means for the numbers. */
    static String rankingNote(EvaluationResult r) {
        if (isSampled(r)) {
            return rankingLabel(r) + ": each user's test items compete only with sampled negatives, which "
                    + "inflates every metric compared with full ranking; compare only with runs sampled the same way.";
        }
        if ("full".equalsIgnoreCase(rankingLabel(r))) {
            return "full: each user's test items are ranked against the whole catalogue.";
        }
        return rankingLabel(r) + ": the protocol does not say whether ranking was full or sampled.";
    }

    static String protocolName(EvaluationResult r) {
        Object name = nonNull(r.protocol()).get("name");
        return name == null ? "unnamed" : plain(name);
    }

    static String datasetName(EvaluationResult r) {
        Object name = nonNull(r.dataset()).get("name");
        return name == null ? "unnamed dataset" : plain(name);
    }

    /** The seed from run, else from the protocol; "not stated" when neither has one. */
    static String seed(EvaluationResult r) {
        Object seed = nonNull(r.run()).get("seed");
        if (seed == null) {
            seed = protocolParams(r).get("seed");
        }
        return seed == null ? "not stated" : plain(seed);
    }

    /**
     * The facts printed at the top of the markdown and HTML reports, label to plain text, in order:
     * protocol, ranking, parameters, seed, dataset, command, machine, then any other run entries.
     */
    static Map<String, String> facts(EvaluationResult r) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Protocol", protocolName(r));
        out.put("Ranking", rankingLabel(r));
        Map<String, Object> params = protocolParams(r);
        params.remove("seed");
        out.put("Parameters", params.isEmpty() ? "none" : joinParams(params));
        out.put("Seed", seed(r));
        Map<String, Object> data = flatten(r.dataset());
        data.remove("name");
        out.put("Dataset", datasetName(r) + (data.isEmpty() ? "" : " (" + joinParams(data) + ")"));
        Map<String, Object> run = nonNull(r.run());
        out.put("Command", run.containsKey("command") ? plain(run.get("command")) : "not recorded");
        Object machine = run.get("machine");
        out.put("Machine", machine == null ? "not recorded"
                : machine instanceof Map<?, ?> ? joinParams(flatten(Map.of("", machine))) : plain(machine));
        for (Map.Entry<String, Object> e : run.entrySet()) {
            String k = e.getKey();
            if (!k.equals("command") && !k.equals("machine") && !k.equals("seed")) {
                Object v = e.getValue();
                String label = k.isEmpty() ? k : Character.toUpperCase(k.charAt(0)) + k.substring(1).replace('_', ' ');
                out.put(label, v instanceof Map<?, ?> ? joinParams(flatten(Map.of("", v))) : plain(v));
            }
        }
        return out;
    }

    /** Protocol entries other than name and ranking, nested maps flattened ("params" adds no prefix). */
    static Map<String, Object> protocolParams(EvaluationResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : nonNull(r.protocol()).entrySet()) {
            if (!e.getKey().equals("name") && !e.getKey().equals("ranking")) {
                flatten(e.getKey().equals("params") ? "" : e.getKey(), e.getValue(), out);
            }
        }
        return out;
    }

    /** Flattens nested maps into dotted keys; other values are kept as they are. */
    static Map<String, Object> flatten(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : nonNull(m).entrySet()) {
            flatten(e.getKey(), e.getValue(), out);
        }
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                flatten(prefix.isEmpty() ? k : prefix + "." + k, e.getValue(), out);
            }
        } else {
            out.put(prefix, value);
        }
    }

    /** "a=1, b=x" from a map (nested maps flattened), in the map's order. */
    static String joinParams(Map<String, Object> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(plain(e.getValue()));
        }
        return sb.toString();
    }

    /** A value as plain text: whole doubles without ".0", arrays and lists comma-separated. */
    static String plain(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return NA;
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        if (v.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(v); i++) {
                sb.append(i > 0 ? ", " : "").append(plain(Array.get(v, i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Collection<?> c) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : c) {
                sb.append(sb.length() > 1 ? ", " : "").append(plain(o));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    // ---- numbers --------------------------------------------------------------------------------

    /** Four decimals, or n/a for NaN / infinity. */
    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : NA;
    }

    static String signed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.4f", v) : NA;
    }

    /** A p-value: four decimals, scientific below 1e-4 so tiny values are not shown as 0. */
    static String pValue(double p) {
        if (!Double.isFinite(p)) {
            return NA;
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return NA;
        }
        return s < 10 ? String.format(Locale.ROOT, "%.2f", s) : String.format(Locale.ROOT, "%.1f", s);
    }

    /** "0.2512 [0.2431, 0.2593]", or just the mean when there is no interval. */
    static String meanCi(MetricSummary s) {
        if (s == null) {
            return "—";
        }
        if (!s.hasCi() || !Double.isFinite(s.mean())) {
            return num(s.mean());
        }
        return num(s.mean()) + " [" + num(s.ciLow()) + ", " + num(s.ciHigh()) + "]";
    }

    // ---- escaping -------------------------------------------------------------------------------

    /** Escapes text for HTML element content and double- or single-quoted attributes. */
    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Escapes text for a markdown table cell or line: markdown punctuation is backslash-escaped, HTML
     * specials become entities (markdown renderers pass raw HTML through), newlines become spaces.
     */
    static String md(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '#' -> sb.append('\\').append(c);
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Shortens text to at most {@code max} characters, marking the cut with "…". */
    static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 1)) + "…";
    }
}
