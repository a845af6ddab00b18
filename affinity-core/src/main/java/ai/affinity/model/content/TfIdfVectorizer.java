package ai.affinity.model.content;

import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted TF-IDF vocabulary: turns item content into L2-normalised sparse term vectors.
 *
 * <p>Weights follow scikit-learn's smoothed idf: {@code w(t, d) = tf(t, d) · idf(t)} with
 * {@code idf(t) = ln((N + 1) / (df(t) + 1)) + 1}, where {@code N} is the number of item documents
 * the vocabulary was fitted on (items without content count as empty documents) and {@code df(t)}
 * the number of documents containing {@code t}; {@code tf} is defined by {@link DocumentSpec}. Each
 * vector is then divided by its L2 norm, so the dot product of two vectors is their cosine. An item
 * with no known term gets the zero vector.
 *
 * <p>Content is not interaction data, so fitting on every item of the catalog (cold ones included)
 * leaks nothing about test events. Terms are indexed in lexicographic order. Immutable, thread-safe.
 */
public final class TfIdfVectorizer {
    private final DocumentSpec spec;
    private final Tokenizer tokenizer;
    private final String[] terms;
    private final float[] idf;
    private final Map<String, Integer> index;

    /** A vectorizer from a stored vocabulary ({@code terms} ascending, one idf per term). */
    public TfIdfVectorizer(DocumentSpec spec, String[] terms, float[] idf) {
        if (terms.length != idf.length) {
            throw new IllegalArgumentException(terms.length + " terms but " + idf.length + " idf values");
        }
        this.spec = spec;
        this.tokenizer = new Tokenizer(spec.bigrams());
        this.terms = terms.clone();
        this.idf = idf.clone();
        this.index = new HashMap<>(terms.length * 2);
        for (int t = 0; t < terms.length; t++) {
            if (t > 0 && terms[t].compareTo(terms[t - 1]) <= 0) {
                throw new IllegalArgumentException("terms must be distinct and ascending; '" + terms[t]
                        + "' follows '" + terms[t - 1] + "'");
            }
            index.put(terms[t], t);
        }
    }

    /** Fits the vocabulary and idf on the documents of items {@code 0..numItems-1}. */
    public static TfIdfVectorizer fit(DocumentSpec spec, ItemCatalog items, int numItems) {
        Tokenizer tok = new Tokenizer(spec.bigrams());
        Map<String, int[]> df = new HashMap<>();
        for (int i = 0; i < numItems; i++) {
            for (String t : termFrequencies(spec, tok, items.get(i)).keySet()) {
                df.computeIfAbsent(t, k -> new int[1])[0]++;
            }
        }
        String[] kept = df.entrySet().stream().filter(e -> e.getValue()[0] >= spec.minDf())
                .map(Map.Entry::getKey).sorted().toArray(String[]::new);
        float[] idf = new float[kept.length];
        for (int t = 0; t < kept.length; t++) {
            idf[t] = (float) idf(numItems, df.get(kept[t])[0]);
        }
        return new TfIdfVectorizer(spec, kept, idf);
    }

    /** Smoothed inverse document frequency {@code ln((n + 1) / (df + 1)) + 1}. */
    public static double idf(int numDocs, int df) {
        return Math.log((numDocs + 1.0) / (df + 1.0)) + 1.0;
    }

    /**
     * The weighted term frequencies of one item's document (before idf), per {@link DocumentSpec}.
     * Not a hot path (fit time and new items only), so a map is fine here.
     */
    public static Map<String, Double> termFrequencies(DocumentSpec spec, Tokenizer tokenizer, ItemContent c) {
        Map<String, Double> tf = new HashMap<>();
        if (spec.titleWeight() > 0) {
            addField(tf, tokenizer.tokenize(c.title()), spec.titleWeight(), spec.sublinear());
        }
        if (spec.textWeight() > 0) {
            addField(tf, tokenizer.tokenize(c.text()), spec.textWeight(), spec.sublinear());
        }
        if (spec.attributeWeight() > 0) {
            // Sorted names so that the token list (and so float sums) never depends on map order.
            String[] names = c.categorical().keySet().toArray(new String[0]);
            Arrays.sort(names);
            for (String name : names) {
                if (!spec.attributes().isEmpty() && !spec.attributes().contains(name)) {
                    continue;
                }
                List<String> values = c.categorical().get(name);
                addField(tf, values.stream().distinct().map(v -> DocumentSpec.attributeToken(name, v)).toList(),
                        spec.attributeWeight(), spec.sublinear());
            }
        }
        if (spec.numericWeight() > 0) {
            for (Map.Entry<String, Double> bin : spec.numericBins().entrySet()) {
                Double v = c.numeric().get(bin.getKey());
                if (v != null && Double.isFinite(v)) {
                    addField(tf, List.of(DocumentSpec.numericToken(bin.getKey(), v, bin.getValue())),
                            spec.numericWeight(), spec.sublinear());
                }
            }
        }
        return tf;
    }

    private static void addField(Map<String, Double> tf, List<String> tokens, double weight, boolean sublinear) {
        if (tokens.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : tokens) {
            counts.merge(t, 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int n = e.getValue();
            double g = sublinear ? 1.0 + Math.log(n) : n;
            tf.merge(e.getKey(), weight * g, Double::sum);
        }
    }

    /** L2-normalised TF-IDF vectors of items {@code 0..numItems-1}, one CSR row per item. */
    public SparseRows transformAll(ItemCatalog items, int numItems) {
        int[] indptr = new int[numItems + 1];
        int[][] rowCols = new int[numItems][];
        float[][] rowVals = new float[numItems][];
        for (int i = 0; i < numItems; i++) {
            Vector v = transform(items.get(i));
            rowCols[i] = v.terms();
            rowVals[i] = v.weights();
            indptr[i + 1] = indptr[i] + v.terms().length;
        }
        int[] cols = new int[indptr[numItems]];
        float[] vals = new float[indptr[numItems]];
        for (int i = 0; i < numItems; i++) {
            System.arraycopy(rowCols[i], 0, cols, indptr[i], rowCols[i].length);
            System.arraycopy(rowVals[i], 0, vals, indptr[i], rowVals[i].length);
        }
        return new SparseRows(terms.length, indptr, cols, vals);
    }

    /**
     * The L2-normalised TF-IDF vector of one item's content; terms outside the vocabulary are
     * ignored (so a brand-new item is embedded with the fitted idf). Zero vector when nothing matches.
     */
    public Vector transform(ItemContent content) {
        Map<String, Double> tf = termFrequencies(spec, tokenizer, content);
        int[] ids = new int[tf.size()];
        double[] w = new double[tf.size()];
        int n = 0;
        for (Map.Entry<String, Double> e : tf.entrySet()) {
            Integer t = index.get(e.getKey());
            if (t != null) {
                ids[n++] = t;
            }
        }
        ids = Arrays.copyOf(ids, n);
        Arrays.sort(ids);
        double norm = 0;
        for (int j = 0; j < n; j++) {
            w[j] = tf.get(terms[ids[j]]) * idf[ids[j]];
            norm += w[j] * w[j];
        }
        float[] out = new float[n];
        if (norm > 0) {
            double inv = 1.0 / Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                out[j] = (float) (w[j] * inv);
            }
        }
        return new Vector(ids, out);
    }

    public DocumentSpec spec() {
        return spec;
    }

    public int numTerms() {
        return terms.length;
    }

    /** Term of index {@code t}. */
    public String term(int t) {
        return terms[t];
    }

    /** Index of {@code term}, or -1 when it is not in the vocabulary. */
    public int indexOf(String term) {
        Integer t = index.get(term);
        return t == null ? -1 : t;
    }

    public float idf(int t) {
        return idf[t];
    }

    String[] termsArray() {
        return terms;
    }

    float[] idfArray() {
        return idf;
    }

    /** A sparse vector: ascending term indexes and their weights (L2 norm 1, or empty). */
    public record Vector(int[] terms, float[] weights) {
    }
}
