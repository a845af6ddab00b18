package ai.affinity.compare;

import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.report.JsonReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code results.json} of {@code affinity compare}. Shape (more keys may be added, none removed):
 * <pre>{@code
 * {"dataset": {...}, "capabilities": {...}, "settings": {...},
 *  "sections": [{"number", "id", "title", "status", "reason", "verdict", "notes": [...],
 *                "best_traditional", "best_deep",
 *                "headline": {"metric", "traditional": {"name", "mean", "ci95"}, "deep": {...}},
 *                "verdicts": [{"metric", "outcome", "traditional", "deep", "traditional_mean", "deep_mean",
 *                              "relative_difference", "p_value", "sentence"}],
 *                "tuning": [{"model", "side", "spec", "metric", "validation", "trials", "failed_trials",
 *                            "strategy", "seconds"}],
 *                "repeat_means": {"model": [...]},
 *                "windows": [{"index", "start", "end", "train_events", "test_events", "test_users",
 *                             "metrics": {"model": {"ndcg@10": {"mean", "ci95", "n"}}}, "verdict"}],
 *                "ablations": [{"modality", "variant", "verdict"}],
 *                "evaluation": <an evaluate results.json: dataset, protocol, ks, models, comparisons, run>,
 *                "seconds"}],
 *  "run": {...}}
 * }</pre>
 * A verdict object carries {@code outcome} as words ("deep wins", "no significant difference",
 * "traditional wins"). NaN becomes null. Stateless.
 */
public final class CompareJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CompareJson() {
    }

    public static ObjectNode toTree(CompareResult r) {
        ObjectNode root = NODES.objectNode();
        root.set("dataset", MAPPER.valueToTree(r.dataset()));
        root.set("capabilities", MAPPER.valueToTree(r.capabilities().facts()));
        root.set("settings", MAPPER.valueToTree(r.settings()));
        ArrayNode sections = root.putArray("sections");
        for (SectionResult s : r.sections()) {
            sections.add(section(s));
        }
        root.set("run", MAPPER.valueToTree(r.run()));
        return root;
    }

    public static void write(CompareResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, MAPPER.writeValueAsString(toTree(r)) + "\n", StandardCharsets.UTF_8);
    }

    private static ObjectNode section(SectionResult s) {
        ObjectNode n = NODES.objectNode();
        n.put("number", s.section().number());
        n.put("id", s.section().id());
        n.put("title", s.section().title());
        n.put("status", s.status());
        n.put("reason", s.reason());
        n.put("verdict", s.verdict());
        ArrayNode notes = n.putArray("notes");
        s.notes().forEach(notes::add);
        n.put("best_traditional", s.bestTraditional());
        n.put("best_deep", s.bestDeep());
        if (s.evaluation() != null) {
            String metric = "ndcg@" + ai.affinity.eval.Experiment.primaryK(s.evaluation().ks());
            ObjectNode h = n.putObject("headline");
            h.put("metric", metric);
            h.set("traditional", side(s, s.bestTraditional(), metric));
            h.set("deep", side(s, s.bestDeep(), metric));
        }
        ArrayNode verdicts = n.putArray("verdicts");
        for (Verdict v : s.verdicts()) {
            verdicts.add(verdict(v));
        }
        ArrayNode tuning = n.putArray("tuning");
        for (SectionResult.Tuned t : s.tuning()) {
            ObjectNode o = tuning.addObject();
            o.put("model", t.model());
            o.put("side", t.side());
            o.put("spec", t.spec());
            o.put("metric", t.metric());
            o.set("validation", number(t.validationValue()));
            o.put("trials", t.trials());
            o.put("failed_trials", t.failedTrials());
            o.put("strategy", t.strategy());
            o.set("seconds", number(t.seconds()));
        }
        ObjectNode means = n.putObject("repeat_means");
        for (Map.Entry<String, double[]> e : s.repeatMeans().entrySet()) {
            ArrayNode a = means.putArray(e.getKey());
            for (double v : e.getValue()) {
                a.add(number(v));
            }
        }
        ArrayNode windows = n.putArray("windows");
        for (SectionResult.Window w : s.windows()) {
            ObjectNode o = windows.addObject();
            o.put("index", w.index());
            o.put("start", w.start());
            o.put("end", w.end());
            o.put("train_events", w.trainEvents());
            o.put("test_events", w.testEvents());
            o.put("test_users", w.testUsers());
            ObjectNode m = o.putObject("metrics");
            for (Map.Entry<String, Map<String, MetricSummary>> e : w.metrics().entrySet()) {
                ObjectNode mm = m.putObject(e.getKey());
                for (Map.Entry<String, MetricSummary> x : e.getValue().entrySet()) {
                    mm.set(x.getKey(), summary(x.getValue()));
                }
            }
            o.set("verdict", w.verdict() == null ? NODES.nullNode() : verdict(w.verdict()));
        }
        ArrayNode ablations = n.putArray("ablations");
        for (SectionResult.Ablation a : s.ablations()) {
            ObjectNode o = ablations.addObject();
            o.put("modality", a.modality());
            o.put("variant", a.variant());
            o.set("verdict", verdict(a.verdict()));
        }
        n.set("evaluation", s.evaluation() == null ? NODES.nullNode() : JsonReport.toTree(s.evaluation()));
        n.set("seconds", number(s.seconds()));
        return n;
    }

    private static JsonNode side(SectionResult s, String name, String metric) {
        if (name == null) {
            return NODES.nullNode();
        }
        for (ModelResult m : s.evaluation().models()) {
            if (m.name().equals(name)) {
                ObjectNode o = summary(m.metrics().get(metric));
                o.put("name", name);
                return o;
            }
        }
        return NODES.nullNode();
    }

    static ObjectNode verdict(Verdict v) {
        ObjectNode o = NODES.objectNode();
        o.put("metric", v.metric());
        o.put("outcome", v.outcomeText());
        o.put(v.reference().label(), v.reference().name());
        o.put(v.challenger().label(), v.challenger().name());
        o.set(v.reference().label() + "_mean", number(v.reference().mean()));
        o.set(v.challenger().label() + "_mean", number(v.challenger().mean()));
        o.set("relative_difference", number(v.relativeDifference()));
        o.set("p_value", number(v.pValue()));
        o.put("alpha", v.alpha());
        o.put("sentence", v.sentence());
        return o;
    }

    private static ObjectNode summary(MetricSummary s) {
        ObjectNode node = NODES.objectNode();
        if (s == null) {
            node.putNull("mean");
            return node;
        }
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
}
