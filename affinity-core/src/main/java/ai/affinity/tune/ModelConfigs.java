package ai.affinity.tune;

import ai.affinity.model.AlgorithmRegistry;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads model specs from a JSON config file, for {@code affinity evaluate --config FILE}. Accepted:
 * <ul>
 * <li>{@code {"models": ["ease:lambda=500", "ials:factors=128,alpha=2"]}}: each string is one spec
 *     (parameters of one spec are separated by commas, as on the command line);</li>
 * <li>a {@code best.json} written by {@code affinity tune}: its {@code "spec"}, or, when that is
 *     missing, {@code "model"} with its {@code "params"} object;</li>
 * <li>a bare JSON array of spec strings.</li>
 * </ul>
 * Every spec is checked by building it with {@link AlgorithmRegistry#create(String)}, so an unknown
 * model or a bad parameter is reported with the file and the entry, before anything is fitted.
 */
public final class ModelConfigs {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EXPECTED = "expected {\"models\": [\"ease:lambda=500\", ...]} or a best.json "
            + "written by 'affinity tune' ({\"model\": ..., \"spec\": \"ease:lambda=500\", ...})";

    private ModelConfigs() {
    }

    /**
     * The specs in {@code file}, in file order.
     *
     * @throws IllegalArgumentException naming the file (and line, column or entry) when it is missing,
     *                                  unreadable, not JSON, not one of the accepted shapes, or names a
     *                                  model or parameter the registry rejects
     */
    public static List<String> read(Path file) {
        String where = "config file " + file;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(where + ": no such file" + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new IllegalArgumentException(where + ": not valid JSON" + at + ": " + e.getOriginalMessage()
                    + "; " + EXPECTED, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(where + ": the file is empty; " + EXPECTED);
        }
        List<String> specs = new ArrayList<>();
        if (root.isArray()) {
            strings(root, where, "", specs);
        } else if (root.isObject() && root.has("models")) {
            JsonNode models = root.get("models");
            if (!models.isArray()) {
                throw new IllegalArgumentException(where + ": \"models\" must be an array of spec strings, found "
                        + kind(models) + "; " + EXPECTED);
            }
            strings(models, where, "models", specs);
        } else if (root.isObject() && root.has("spec")) {
            JsonNode spec = root.get("spec");
            if (!spec.isTextual() || spec.asText().isBlank()) {
                throw new IllegalArgumentException(where + ": \"spec\" must be a non-empty string like "
                        + "\"ease:lambda=500\", found " + kind(spec));
            }
            specs.add(spec.asText().trim());
        } else if (root.isObject() && root.has("model")) {
            specs.add(fromModelAndParams(root, where));
        } else {
            throw new IllegalArgumentException(where + ": found " + kind(root)
                    + (root.isObject() ? " with keys " + keys(root) : "") + "; " + EXPECTED);
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException(where + ": lists no models; " + EXPECTED);
        }
        for (int i = 0; i < specs.size(); i++) {
            try {
                AlgorithmRegistry.create(specs.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": model " + (i + 1) + " ('" + specs.get(i) + "'): "
                        + e.getMessage(), e);
            }
        }
        return specs;
    }

    private static void strings(JsonNode array, String where, String field, List<String> out) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException(where + ": " + field + "[" + i + "] must be a spec string like "
                        + "\"ease:lambda=500\", found " + kind(n));
            }
            out.add(n.asText().trim());
        }
    }

    private static String fromModelAndParams(JsonNode root, String where) {
        JsonNode model = root.get("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": \"model\" must be a model name, found " + kind(model));
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = root.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IllegalArgumentException(where + ": \"params\" must be an object of name: value, found "
                        + kind(p));
            }
            Iterator<Map.Entry<String, JsonNode>> it = p.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (!v.isValueNode() || v.isNull()) {
                    throw new IllegalArgumentException(where + ": params." + e.getKey()
                            + " must be a number, string or boolean, found " + kind(v));
                }
                params.put(e.getKey(), v.isNumber() && v.asDouble() == Math.rint(v.asDouble())
                        && Math.abs(v.asDouble()) < 1e15 ? Long.toString((long) v.asDouble()) : v.asText());
            }
        }
        return Tuner.spec(model.asText().trim(), params);
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string \"" + n.asText() + "\"";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> "the boolean " + n.asText();
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String keys(JsonNode n) {
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys.toString();
    }
}
