package ai.affinity.deep.content;

import ai.affinity.data.ItemContent;
import ai.affinity.data.UserFeatures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Categorical and numeric attributes (item genres, year, price; user age, gender, occupation) as
 * ids for an embedding table plus standardised numbers, so the two-tower towers can embed them
 * with {@link EmbeddingBag}.
 *
 * <p>Fitted once on training entities, then applied to any entity, new ones included:
 * <ul>
 *   <li>Each categorical field gets a vocabulary of the values seen at least {@code minCount}
 *   times, plus one unknown id for rarer and unseen values. A multi-valued field (genres) gives
 *   one id per value, each weighted {@code 1/values}, so the field's contribution is an average.
 *   A missing field contributes nothing.</li>
 *   <li>Each numeric field is cut into {@code buckets} quantile buckets (edges from the training
 *   values) with one id each, plus a missing id; and standardised ({@code (x - mean) / std},
 *   missing → 0) in {@link #numeric}.</li>
 * </ul>
 * Ids of all fields share one space {@code [0, width())} (fields in name order). Immutable and
 * thread-safe after fitting.
 */
public final class AttributeFeaturizer {
    /** The fitting options: values seen fewer than {@code minCount} times go to the unknown id. */
    public record Options(int minCount, int buckets) {
        public Options {
            if (minCount < 1 || buckets < 1) {
                throw new IllegalArgumentException("minCount " + minCount + " and buckets " + buckets + " must be >= 1");
            }
        }

        /** Values seen at least twice; 8 quantile buckets per numeric field. */
        public static Options defaults() {
            return new Options(2, 8);
        }
    }

    private final Map<String, Map<String, Integer>> vocab;
    private final Map<String, Integer> unknown;
    private final List<String> numericFields;
    private final double[] mean;
    private final double[] std;
    private final double[][] edges;
    private final int[] bucketBase;
    private final String[] names;
    private final int width;

    private AttributeFeaturizer(Map<String, Map<String, Integer>> vocab, Map<String, Integer> unknown,
                                List<String> numericFields, double[] mean, double[] std, double[][] edges,
                                int[] bucketBase, String[] names) {
        this.vocab = vocab;
        this.unknown = unknown;
        this.numericFields = numericFields;
        this.mean = mean;
        this.std = std;
        this.edges = edges;
        this.bucketBase = bucketBase;
        this.names = names;
        this.width = names.length;
    }

    /** Fits on item attributes ({@link ItemContent#categorical()}, {@link ItemContent#numeric()}). */
    public static AttributeFeaturizer fitItems(List<ItemContent> items, Options options) {
        List<Map<String, List<String>>> cat = new ArrayList<>();
        List<Map<String, Double>> num = new ArrayList<>();
        for (ItemContent c : items) {
            cat.add(c.categorical());
            num.add(c.numeric());
        }
        return fit(cat, num, options);
    }

    /** Fits on user attributes (each categorical field single-valued). */
    public static AttributeFeaturizer fitUsers(List<UserFeatures> users, Options options) {
        List<Map<String, List<String>>> cat = new ArrayList<>();
        List<Map<String, Double>> num = new ArrayList<>();
        for (UserFeatures u : users) {
            cat.add(single(u.categorical()));
            num.add(u.numeric());
        }
        return fit(cat, num, options);
    }

    private static Map<String, List<String>> single(Map<String, String> m) {
        Map<String, List<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    /**
     * Fits on parallel lists of attribute maps (one entry per entity).
     *
     * @throws IllegalArgumentException when the lists differ in length or a numeric value is not finite
     */
    public static AttributeFeaturizer fit(List<Map<String, List<String>>> categorical, List<Map<String, Double>> numeric,
                                          Options options) {
        if (categorical.size() != numeric.size()) {
            throw new IllegalArgumentException(categorical.size() + " categorical rows vs " + numeric.size() + " numeric rows");
        }
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (Map<String, List<String>> row : categorical) {
            row.forEach((field, values) -> {
                Map<String, Integer> c = counts.computeIfAbsent(field, f -> new TreeMap<>());
                for (String v : values) {
                    c.merge(v, 1, Integer::sum);
                }
            });
        }
        TreeSet<String> numFields = new TreeSet<>();
        for (Map<String, Double> row : numeric) {
            numFields.addAll(row.keySet());
        }
        List<String> names = new ArrayList<>();
        Map<String, Map<String, Integer>> vocab = new LinkedHashMap<>();
        Map<String, Integer> unknown = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Integer>> f : counts.entrySet()) {
            Map<String, Integer> ids = new HashMap<>();
            unknown.put(f.getKey(), names.size());
            names.add(f.getKey() + "=<unknown>");
            for (Map.Entry<String, Integer> v : f.getValue().entrySet()) {
                if (v.getValue() >= options.minCount()) {
                    ids.put(v.getKey(), names.size());
                    names.add(f.getKey() + "=" + v.getKey());
                }
            }
            vocab.put(f.getKey(), Collections.unmodifiableMap(ids));
        }
        List<String> numFieldList = List.copyOf(numFields);
        int nf = numFieldList.size();
        double[] mean = new double[nf];
        double[] std = new double[nf];
        double[][] edges = new double[nf][];
        int[] base = new int[nf];
        for (int f = 0; f < nf; f++) {
            String field = numFieldList.get(f);
            double[] xs = numeric.stream().map(r -> r.get(field)).filter(v -> v != null).mapToDouble(Double::doubleValue)
                    .toArray();
            for (double x : xs) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("numeric attribute '" + field + "' has a non-finite value " + x);
                }
            }
            Arrays.sort(xs);
            double s = 0;
            double sq = 0;
            for (double x : xs) {
                s += x;
                sq += x * x;
            }
            mean[f] = xs.length == 0 ? 0 : s / xs.length;
            double var = xs.length == 0 ? 0 : sq / xs.length - mean[f] * mean[f];
            std[f] = var > 1e-12 ? Math.sqrt(var) : 1;
            // Distinct quantile edges: bucket b holds x with edges[b-1] <= x < edges[b].
            TreeSet<Double> e = new TreeSet<>();
            for (int b = 1; b < options.buckets() && xs.length > 0; b++) {
                e.add(xs[Math.min(xs.length - 1, (int) ((long) b * xs.length / options.buckets()))]);
            }
            e.remove(xs.length > 0 ? xs[0] : Double.NaN); // an edge at the minimum leaves bucket 0 empty
            edges[f] = e.stream().mapToDouble(Double::doubleValue).toArray();
            base[f] = names.size();
            names.add(field + "=<missing>");
            for (int b = 0; b <= edges[f].length; b++) {
                names.add(field + "#" + b);
            }
        }
        return new AttributeFeaturizer(vocab, unknown, numFieldList, mean, std, edges, base, names.toArray(String[]::new));
    }

    /** Number of distinct ids (rows of an embedding table over them). */
    public int width() {
        return width;
    }

    /** Human-readable meaning of id {@code id}, e.g. {@code "genre=Comedy"} or {@code "year#3"}. */
    public String describe(int id) {
        return names[id];
    }

    /** Numeric fields, in the column order of {@link #numeric}. */
    public List<String> numericFields() {
        return numericFields;
    }

    /** Id of {@code value} in {@code field}, the field's unknown id for unseen values, -1 for an unknown field. */
    public int idOf(String field, String value) {
        Map<String, Integer> v = vocab.get(field);
        if (v == null) {
            return -1;
        }
        Integer id = v.get(value);
        return id != null ? id : unknown.get(field);
    }

    /** Quantile bucket id of a numeric value ({@code null} or NaN: the missing id); -1 for an unknown field. */
    public int bucketOf(String field, Double value) {
        int f = numericFields.indexOf(field);
        if (f < 0) {
            return -1;
        }
        if (value == null || !Double.isFinite(value)) {
            return bucketBase[f];
        }
        int pos = Arrays.binarySearch(edges[f], value);
        int bucket = pos >= 0 ? pos + 1 : -pos - 1;
        return bucketBase[f] + 1 + bucket;
    }

    /** Ids and weights of one entity's attributes (fields the featurizer does not know are ignored). */
    public void addRow(SparseRows.Builder b, Map<String, List<String>> categorical, Map<String, Double> numeric) {
        for (String field : vocab.keySet()) {
            List<String> values = categorical.get(field);
            if (values == null || values.isEmpty()) {
                continue;
            }
            float w = 1f / values.size();
            for (String v : values) {
                b.add(idOf(field, v), w);
            }
        }
        for (String field : numericFields) {
            b.add(bucketOf(field, numeric.get(field)), 1f);
        }
        b.endRow();
    }

    public SparseRows itemIds(List<ItemContent> items) {
        SparseRows.Builder b = new SparseRows.Builder(width);
        for (ItemContent c : items) {
            addRow(b, c.categorical(), c.numeric());
        }
        return b.build();
    }

    public SparseRows userIds(List<UserFeatures> users) {
        SparseRows.Builder b = new SparseRows.Builder(width);
        for (UserFeatures u : users) {
            addRow(b, single(u.categorical()), u.numeric());
        }
        return b.build();
    }

    /** Standardised numeric attributes, one column per {@link #numericFields()} entry; missing → 0. */
    public float[] numeric(Map<String, Double> values) {
        float[] out = new float[numericFields.size()];
        for (int f = 0; f < out.length; f++) {
            Double v = values.get(numericFields.get(f));
            out[f] = v == null || !Double.isFinite(v) ? 0f : (float) ((v - mean[f]) / std[f]);
        }
        return out;
    }
}
