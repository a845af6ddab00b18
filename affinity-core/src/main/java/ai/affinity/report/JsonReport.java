package ai.affinity.report;

import ai.affinity.eval.Comparison;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code results.json}: an {@link EvaluationResult} as pretty-printed JSON, and the per-user values
 * as a separate CSV (they are too big for the JSON).
 *
 * <p>Shape (keys in this order; more keys may be added later, none removed):
 * <pre>{@code
 * {"dataset": {...}, "protocol": {...}, "ks": [5, 10, 20],
 *  "models": [{"name", "params": {...}, "fit_seconds", "eval_seconds",
 *              "metrics": {"precision@5": {"mean", "ci95": [lo, hi] or null, "n"}, ...}, "users"}],
 *  "comparisons": [{"model", "baseline", "metric", "mean_difference", "p_value", "test"}],
 *  "run": {...}}
 * }</pre>
 * Metric keys are ordered by family (precision, recall, f1, ndcg, map, mrr, hit, coverage, novelty,
 * diversity, then others by name) and then by k. NaN and infinite numbers anywhere become JSON null,
 * because JSON has no literal for them. Maps keep their iteration order. Stateless and thread-safe.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonReport() {
    }

    /** The result as a JSON tree in the documented shape. */
    public static ObjectNode toTree(EvaluationResult r) {
        ObjectNode root = NODES.objectNode();
        root.set("dataset", value(r.dataset()));
        root.set("protocol", value(r.protocol()));
        ArrayNode ks = root.putArray("ks");
        if (r.ks() != null) {
            for (int k : r.ks()) {
                ks.add(k);
            }
        }
        ArrayNode models = root.putArray("models");
        for (ModelResult m : r.models()) {
            ObjectNode node = models.addObject();
            node.put("name", m.name());
            node.set("params", value(m.params()));
            node.set("fit_seconds", number(m.fitSeconds()));
            node.set("eval_seconds", number(m.evalSeconds()));
            ObjectNode metrics = node.putObject("metrics");
            if (m.metrics() != null) {
                for (String key : ReportSupport.ordered(m.metrics().keySet())) {
                    metrics.set(key, summary(m.metrics().get(key)));
                }
            }
            node.put("users", ReportSupport.users(m));
        }
        ArrayNode comparisons = root.putArray("comparisons");
        if (r.comparisons() != null) {
            for (Comparison c : r.comparisons()) {
                ObjectNode node = comparisons.addObject();
                node.put("model", c.model());
                node.put("baseline", c.baseline());
                node.put("metric", c.metric());
                node.set("mean_difference", number(c.meanDifference()));
                node.set("p_value", number(c.pValue()));
                node.put("test", c.test());
            }
        }
        root.set("run", value(r.run()));
        return root;
    }

    /** The result as pretty-printed JSON text. */
    public static String toJson(EvaluationResult r) {
        try {
            return MAPPER.writeValueAsString(toTree(r));
        } catch (IOException e) {
            // Writing a tree of plain nodes to a String cannot fail for I/O reasons.
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toJson} to {@code file} (UTF-8), creating parent directories. */
    public static void write(EvaluationResult r, Path file) throws IOException {
        createParent(file);
        Files.writeString(file, toJson(r) + "\n", StandardCharsets.UTF_8);
    }

    /** Reads a JSON file written by {@link #write} (or any JSON) as a tree. */
    public static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /**
     * Writes per-user values as CSV: header {@code model,user,<metric>...} with every per-user metric
     * of any model (report order), then one row per model and evaluated user. {@code user} is the
     * dense user index from {@link ModelResult#users()} (the row position when that is null). A
     * metric a model lacks is an empty cell; NaN is written as {@code NaN}. Model names are quoted
     * when they contain a comma, quote or newline. Streams rows, so memory stays flat.
     */
    public static void writePerUser(EvaluationResult r, Path file) throws IOException {
        TreeSet<String> keySet = new TreeSet<>(ReportSupport.METRIC_ORDER);
        for (ModelResult m : r.models()) {
            if (m.perUser() != null) {
                keySet.addAll(m.perUser().keySet());
            }
        }
        List<String> keys = new ArrayList<>(keySet);
        createParent(file);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("model,user");
            for (String key : keys) {
                w.write(',');
                w.write(csv(key));
            }
            w.write('\n');
            double[][] columns = new double[keys.size()][];
            for (ModelResult m : r.models()) {
                int rows = rowCount(m);
                for (int c = 0; c < keys.size(); c++) {
                    columns[c] = m.perUser() == null ? null : m.perUser().get(keys.get(c));
                }
                String name = csv(m.name());
                for (int i = 0; i < rows; i++) {
                    w.write(name);
                    w.write(',');
                    w.write(Integer.toString(m.users() == null ? i : m.users()[i]));
                    for (double[] col : columns) {
                        w.write(',');
                        if (col != null && i < col.length) {
                            w.write(Double.toString(col[i]));
                        }
                    }
                    w.write('\n');
                }
            }
        }
    }

    private static int rowCount(ModelResult m) {
        if (m.users() != null) {
            return m.users().length;
        }
        int rows = 0;
        if (m.perUser() != null) {
            for (double[] v : m.perUser().values()) {
                rows = Math.max(rows, v.length);
            }
        }
        return rows;
    }

    private static ObjectNode summary(MetricSummary s) {
        ObjectNode node = NODES.objectNode();
        node.set("mean", number(s.mean()));
        if (s.hasCi()) {
            ArrayNode ci = node.putArray("ci95");
            ci.add(number(s.ciLow()));
            ci.add(number(s.ciHigh()));
        } else {
            node.putNull("ci95");
        }
        node.put("n", s.n());
        return node;
    }

    private static JsonNode number(double v) {
        return Double.isFinite(v) ? NODES.numberNode(v) : NODES.nullNode();
    }

    /** Converts a free-form value (maps, lists, arrays, numbers, anything Jackson knows) to a tree. */
    private static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                node.set(String.valueOf(e.getKey()), value(e.getValue()));
            }
            return node;
        }
        JsonNode node;
        try {
            node = MAPPER.valueToTree(v);
        } catch (IllegalArgumentException e) {
            // Not a bean Jackson can describe: its text is more useful than failing the whole report.
            return NODES.textNode(String.valueOf(v));
        }
        return finite(node);
    }

    /** Replaces NaN and infinite numbers in a tree with null. */
    private static JsonNode finite(JsonNode node) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return NODES.nullNode();
        }
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            it.forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> e : entries) {
                obj.set(e.getKey(), finite(e.getValue()));
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, finite(arr.get(i)));
            }
        }
        return node;
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
