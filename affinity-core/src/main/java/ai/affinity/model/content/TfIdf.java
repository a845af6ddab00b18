package ai.affinity.model.content;

import ai.affinity.data.History;
import ai.affinity.data.ItemContent;
import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.Params;
import ai.affinity.model.TopK;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;
import ai.affinity.tune.SearchSpace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Content-based recommendation with TF-IDF item vectors ("tfidf"): the traditional way to use item
 * content, and the baseline that deep content models must beat on cold items. Items are described
 * only by their content ({@link DocumentSpec}, {@link TfIdfVectorizer}), so an item nobody has
 * interacted with is scored exactly like any other: that is the point of the model.
 *
 * <p>Two scoring forms ({@code mode}):
 * <ul>
 *   <li>{@code profile}: the user profile is {@code p = Σ_e w_e · x_{item(e)}} over the query
 *       history's events, and the score of item {@code i} is {@code cos(p, x_i) = p·x_i / |p|}
 *       (item vectors are unit length). The classic content-based filtering of Pazzani and Billsus
 *       (2007), "Content-based recommendation systems".</li>
 *   <li>{@code knn}: item-kNN on content similarity: every item keeps its {@code k} most
 *       cosine-similar items (similarity > 0) computed at fit time, and the score of {@code i} is
 *       {@code Σ_e w_e · sim(item(e), i)} over history events whose item has {@code i} as a neighbour.</li>
 * </ul>
 * Event weights {@code w_e}: 1, the event's value ({@code values=raw}), or the value minus the
 * history's mean value ({@code values=centered}, so low ratings push away; every weight is 1 when all
 * values are equal, as in implicit data), times {@code 0.5^(age / half_life)} when {@code half_life > 0},
 * where {@code age} counts the events after {@code e} in the history (recency decay).
 * An empty history (or one whose profile is zero) scores every item 0.
 *
 * <p>The model holds no per-user state: known and unknown users alike are scored from the query's
 * history, which for a known user equals their training events. Defaults are the best found on the
 * ml-100k validation carve-out of the random 25% holdout (seed 42); see {@link #defaults()}.
 *
 * @param mode            {@code profile} or {@code knn}; default {@code profile}
 * @param k               neighbours kept per item in {@code knn} mode, >= 1; default 400
 * @param titleWeight     weight of title words; default 1
 * @param textWeight      weight of free-text words; default 1
 * @param attributeWeight weight of categorical attribute tokens ({@code genre=Action}); default 1
 * @param attributes      {@code *} for every categorical attribute, {@code none}, or names joined by
 *                        {@code +} (e.g. {@code genre+country}); default {@code *}
 * @param numeric         {@code none}, or binned numeric attributes {@code name:width} joined by
 *                        {@code +} (e.g. {@code year:10} for decades); default {@code none}
 * @param numericWeight   weight of binned numeric tokens; default 1
 * @param bigrams         also index word bigrams; default false
 * @param sublinear       term frequency {@code 1 + ln(count)}; default false (a tie on ml-100k, whose
 *                        titles seldom repeat a word; consider true for long free text)
 * @param minDf           minimum document frequency of a term, >= 1; default 1
 * @param values          {@code ignore}, {@code raw} or {@code centered}; default {@code raw}
 * @param halfLife        recency half-life in events, 0 for none; default 0
 */
public record TfIdf(String mode, int k, double titleWeight, double textWeight, double attributeWeight,
                    String attributes, String numeric, double numericWeight, boolean bigrams, boolean sublinear,
                    int minDf, String values, double halfLife) implements Algorithm<TfIdf.TfIdfModel> {
    public static final String NAME = "tfidf";
    public static final String KIND = "tfidf";

    /** The space {@code affinity tune} searches; the defaults lie inside it. */
    public static final SearchSpace SEARCH_SPACE = SearchSpace.of(
            // k before mode, so that a coordinate search starting in knn mode tunes k before comparing modes.
            SearchSpace.choice("k", 10, 20, 50, 100, 200, 400),
            SearchSpace.choice("mode", "profile", "knn"),
            SearchSpace.choice("title_weight", 0, 0.5, 1, 2),
            SearchSpace.choice("attr_weight", 0.5, 1, 2, 4),
            SearchSpace.choice("numeric", "none", "year:5", "year:10", "year:20"),
            SearchSpace.choice("numeric_weight", 0.5, 1, 2),
            SearchSpace.choice("bigrams", false, true),
            SearchSpace.choice("sublinear", true, false),
            SearchSpace.choice("min_df", 1, 2, 3),
            SearchSpace.choice("values", "ignore", "raw", "centered"),
            SearchSpace.choice("half_life", 0, 10, 50, 200));

    public TfIdf {
        mode = choice("mode", mode, "profile", "knn");
        values = choice("values", values, "ignore", "raw", "centered");
        Params.check(k >= 1, NAME, "k", k, ">= 1");
        Params.check(halfLife >= 0 && Double.isFinite(halfLife), NAME, "half_life", halfLife, ">= 0 (0: no decay)");
        attributes = attributes == null ? "*" : attributes.trim();
        numeric = numeric == null ? "none" : numeric.trim();
        // Parsing validates every field (weights, attribute names, bin widths, min_df) with a clear error.
        documentSpec(titleWeight, textWeight, attributeWeight, attributes, numeric, numericWeight, bigrams,
                sublinear, minDf);
    }

    /** The defaults (best on the ml-100k validation carve-out). */
    public static TfIdf defaults() {
        return fromParams(Map.of());
    }

    /** Builds from string parameters (the command line's {@code tfidf:mode=knn,k=50}); rejects unknown keys. */
    public static TfIdf fromParams(Map<String, String> params) {
        Params p = new Params(NAME, params);
        TfIdf t = new TfIdf(
                p.getChoice("mode", "profile", "profile", "knn"),
                p.getInt("k", 400),
                p.getDouble("title_weight", 1),
                p.getDouble("text_weight", 1),
                p.getDouble("attr_weight", 1),
                p.getString("attrs", "*"),
                p.getString("numeric", "none"),
                p.getDouble("numeric_weight", 1),
                p.getBoolean("bigrams", false),
                p.getBoolean("sublinear", false),
                p.getInt("min_df", 1),
                p.getChoice("values", "raw", "ignore", "raw", "centered"),
                p.getDouble("half_life", 0));
        p.requireAllUsed();
        return t;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        if (mode.equals("knn")) {
            m.put("k", k);
        }
        m.put("title_weight", titleWeight);
        m.put("text_weight", textWeight);
        m.put("attr_weight", attributeWeight);
        m.put("attrs", attributes);
        m.put("numeric", numeric);
        m.put("numeric_weight", numericWeight);
        m.put("bigrams", bigrams);
        m.put("sublinear", sublinear);
        m.put("min_df", minDf);
        m.put("values", values);
        m.put("half_life", halfLife);
        return m;
    }

    /** Every parameter as the string {@link #fromParams} reads back (used by the stored model). */
    public Map<String, String> paramStrings() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : params().entrySet()) {
            m.put(e.getKey(), String.valueOf(e.getValue()));
        }
        m.put("k", Integer.toString(k));
        return m;
    }

    /** The document definition these parameters describe. */
    public DocumentSpec documentSpec() {
        return documentSpec(titleWeight, textWeight, attributeWeight, attributes, numeric, numericWeight, bigrams,
                sublinear, minDf);
    }

    private static DocumentSpec documentSpec(double titleWeight, double textWeight, double attributeWeight,
                                             String attributes, String numeric, double numericWeight,
                                             boolean bigrams, boolean sublinear, int minDf) {
        List<String> attrs = new ArrayList<>();
        double attrWeight = attributeWeight;
        if (attributes.equalsIgnoreCase("none")) {
            attrWeight = 0;
        } else if (!attributes.equals("*")) {
            for (String a : attributes.split("\\+")) {
                Params.check(!a.isBlank(), NAME, "attrs", attributes, "'*', 'none' or names joined by '+'");
                attrs.add(a.trim());
            }
        }
        Map<String, Double> bins = new LinkedHashMap<>();
        if (!numeric.equalsIgnoreCase("none") && !numeric.isEmpty()) {
            for (String part : numeric.split("\\+")) {
                String[] nw = part.trim().split(":");
                boolean ok = nw.length == 2 && !nw[0].isBlank();
                double width = Double.NaN;
                if (ok) {
                    try {
                        width = Double.parseDouble(nw[1].trim());
                    } catch (NumberFormatException e) {
                        ok = false;
                    }
                }
                Params.check(ok && width > 0 && Double.isFinite(width), NAME, "numeric", numeric,
                        "'none' or name:width (width > 0) joined by '+', e.g. year:10");
                bins.put(nw[0].trim(), width);
            }
        }
        try {
            return new DocumentSpec(titleWeight, textWeight, attrWeight, attrs, bins, numericWeight, bigrams,
                    sublinear, minDf);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + NAME + "': " + e.getMessage(), e);
        }
    }

    private static String choice(String key, String v, String... choices) {
        String s = v == null ? choices[0] : v.trim().toLowerCase(Locale.ROOT);
        Params.check(Arrays.asList(choices).contains(s), NAME, key, v, "one of " + String.join(", ", choices));
        return s;
    }

    @Override
    public TfIdfModel fit(TrainingData data, FitContext ctx) {
        int n = data.numItems();
        TfIdfVectorizer vectorizer = TfIdfVectorizer.fit(documentSpec(), data.items(), n);
        SparseRows x = vectorizer.transformAll(data.items(), n);
        SparseRows neighbours = mode.equals("knn") ? neighbours(x, k, ctx) : null;
        return new TfIdfModel(this, vectorizer, x, neighbours);
    }

    /**
     * The {@code k} most cosine-similar items of every item (similarity > 0, the item itself
     * excluded), as CSR rows with ascending neighbour ids. Row by row through the inverted index
     * (term → items), so the cost is {@code Σ_items Σ_{t ∈ item} df(t)}; rows are independent, so
     * threads do not change the result.
     */
    static SparseRows neighbours(SparseRows x, int k, FitContext ctx) {
        int n = x.numRows();
        SparseRows postings = x.transpose();
        int[][] ids = new int[n][];
        float[][] sims = new float[n][];
        int threads = Math.max(1, Math.min(ctx.threads(), n / 256));
        AtomicInteger next = new AtomicInteger();
        ctx.progress().start("tfidf neighbours", n);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "affinity-tfidf");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    float[] acc = new float[n];
                    boolean[] mark = new boolean[n];
                    int[] touched = new int[n];
                    int row;
                    while ((row = next.getAndIncrement()) < n) {
                        int nt = 0;
                        for (int p = x.start(row); p < x.end(row); p++) {
                            int term = x.col(p);
                            float v = x.val(p);
                            for (int q = postings.start(term); q < postings.end(term); q++) {
                                int j = postings.col(q);
                                if (!mark[j]) {
                                    mark[j] = true;
                                    touched[nt++] = j;
                                }
                                acc[j] += v * postings.val(q);
                            }
                        }
                        if (mark[row]) {
                            acc[row] = Float.NaN; // TopK never selects NaN: excludes the item itself
                        }
                        int[] top = TopK.select(acc, k, null, Arrays.copyOf(touched, nt));
                        int m = 0;
                        while (m < top.length && acc[top[m]] > 0) {
                            m++;
                        }
                        int[] nb = Arrays.copyOf(top, m);
                        Arrays.sort(nb);
                        float[] s = new float[m];
                        for (int j = 0; j < m; j++) {
                            s[j] = acc[nb[j]];
                        }
                        ids[row] = nb;
                        sims[row] = s;
                        for (int j = 0; j < nt; j++) {
                            acc[touched[j]] = 0f;
                            mark[touched[j]] = false;
                        }
                        ctx.progress().advance(1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tfidf neighbour computation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("tfidf neighbour computation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        ctx.progress().finish();
        int[] indptr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            indptr[i + 1] = indptr[i] + ids[i].length;
        }
        int[] cols = new int[indptr[n]];
        float[] vals = new float[indptr[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ids[i], 0, cols, indptr[i], ids[i].length);
            System.arraycopy(sims[i], 0, vals, indptr[i], sims[i].length);
        }
        return new SparseRows(n, indptr, cols, vals);
    }

    /**
     * The weight of each event of {@code h} (see the class comment): value handling times recency
     * decay. Package-private for tests.
     */
    static double[] eventWeights(History h, String values, double halfLife) {
        int n = h.size();
        double[] w = new double[n];
        double mean = 0;
        for (int e = 0; e < n; e++) {
            mean += h.value(e);
        }
        mean = n == 0 ? 0 : mean / n;
        boolean allEqual = true;
        for (int e = 0; e < n; e++) {
            if (Math.abs(h.value(e) - mean) > 1e-6) {
                allEqual = false;
                break;
            }
        }
        for (int e = 0; e < n; e++) {
            double v = switch (values) {
                case "raw" -> h.value(e);
                // Centring is meaningless when every value is the same (implicit data): weigh events equally.
                case "centered" -> allEqual ? 1.0 : h.value(e) - mean;
                default -> 1.0;
            };
            if (halfLife > 0) {
                v *= Math.pow(0.5, (n - 1 - e) / halfLife);
            }
            w[e] = v;
        }
        return w;
    }

    /** Reads what {@link TfIdfModel#writePayload} wrote. */
    public static TfIdfModel read(ModelReader in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("tfidf model payload version " + version + " is not supported (expected 1)");
        }
        TfIdf config = fromParams(in.readStringMap());
        int numItems = in.readInt();
        int numTerms = in.readInt();
        String[] terms = new String[numTerms];
        for (int t = 0; t < numTerms; t++) {
            terms[t] = in.readString();
        }
        float[] idf = in.readFloats();
        TfIdfVectorizer vectorizer = new TfIdfVectorizer(config.documentSpec(), terms, idf);
        SparseRows x = readRows(in, numTerms);
        if (x.numRows() != numItems) {
            throw new IOException("tfidf model: " + x.numRows() + " item vectors for " + numItems + " items");
        }
        SparseRows neighbours = in.readBoolean() ? readRows(in, numItems) : null;
        return new TfIdfModel(config, vectorizer, x, neighbours);
    }

    private static SparseRows readRows(ModelReader in, int numCols) throws IOException {
        int[] indptr = in.readInts();
        int[] cols = in.readInts();
        float[] vals = in.readFloats();
        try {
            return new SparseRows(numCols, indptr, cols, vals);
        } catch (IllegalArgumentException e) {
            throw new IOException("tfidf model: corrupt sparse rows: " + e.getMessage(), e);
        }
    }

    private static void writeRows(ModelWriter out, SparseRows r) throws IOException {
        out.writeInts(r.indptrArray());
        out.writeInts(r.colsArray());
        out.writeFloats(r.valsArray());
    }

    /**
     * A fitted TF-IDF model: the vocabulary, one unit vector per item and, in {@code knn} mode, each
     * item's content neighbours. Immutable and thread-safe (per-thread scratch for the profile).
     */
    public static final class TfIdfModel implements SavableModel {
        private final TfIdf config;
        private final TfIdfVectorizer vectorizer;
        private final SparseRows items;
        private final SparseRows neighbours;
        private final ThreadLocal<Scratch> scratch;

        TfIdfModel(TfIdf config, TfIdfVectorizer vectorizer, SparseRows items, SparseRows neighbours) {
            this.config = config;
            this.vectorizer = vectorizer;
            this.items = items;
            this.neighbours = neighbours;
            int numTerms = vectorizer.numTerms();
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(numTerms));
        }

        /** The parameters this model was fitted with. */
        public TfIdf config() {
            return config;
        }

        /** The fitted vocabulary: embeds new items' content with {@link TfIdfVectorizer#transform}. */
        public TfIdfVectorizer vectorizer() {
            return vectorizer;
        }

        /** Unit TF-IDF vector of every item (one row per item). */
        public SparseRows itemVectors() {
            return items;
        }

        /** Content neighbours per item ({@code knn} mode), or null in {@code profile} mode. */
        public SparseRows neighbours() {
            return neighbours;
        }

        /** Embeds a (possibly new) item's content with the fitted vocabulary and idf. */
        public TfIdfVectorizer.Vector embed(ItemContent content) {
            return vectorizer.transform(content);
        }

        @Override
        public int numItems() {
            return items.numRows();
        }

        @Override
        public void score(UserQuery query, float[] scoresOut) {
            int n = items.numRows();
            Arrays.fill(scoresOut, 0, n, 0f);
            History h = query.history();
            if (h.isEmpty()) {
                return;
            }
            double[] w = eventWeights(h, config.values(), config.halfLife());
            if (neighbours != null) {
                for (int e = 0; e < h.size(); e++) {
                    int item = h.item(e);
                    if (item < 0 || item >= n || w[e] == 0) {
                        continue; // events on items newer than the model carry no content vector here
                    }
                    float we = (float) w[e];
                    for (int p = neighbours.start(item); p < neighbours.end(item); p++) {
                        scoresOut[neighbours.col(p)] += we * neighbours.val(p);
                    }
                }
                return;
            }
            Scratch s = scratch.get();
            int nt = 0;
            for (int e = 0; e < h.size(); e++) {
                int item = h.item(e);
                if (item < 0 || item >= n) {
                    continue;
                }
                for (int p = items.start(item); p < items.end(item); p++) {
                    int t = items.col(p);
                    if (!s.mark[t]) {
                        s.mark[t] = true;
                        s.touched[nt++] = t;
                    }
                    s.profile[t] += w[e] * items.val(p);
                }
            }
            double norm = 0;
            for (int j = 0; j < nt; j++) {
                double v = s.profile[s.touched[j]];
                norm += v * v;
            }
            if (norm > 0) {
                double inv = 1.0 / Math.sqrt(norm);
                for (int i = 0; i < n; i++) {
                    scoresOut[i] = (float) (items.dot(i, s.profile) * inv);
                }
            }
            for (int j = 0; j < nt; j++) {
                s.profile[s.touched[j]] = 0;
                s.mark[s.touched[j]] = false;
            }
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public int payloadVersion() {
            return 1;
        }

        @Override
        public void writePayload(ModelWriter out) throws IOException {
            out.writeStringMap(config.paramStrings());
            out.writeInt(items.numRows());
            out.writeInt(vectorizer.numTerms());
            for (String t : vectorizer.termsArray()) {
                out.writeString(t);
            }
            out.writeFloats(vectorizer.idfArray());
            writeRows(out, items);
            out.writeBoolean(neighbours != null);
            if (neighbours != null) {
                writeRows(out, neighbours);
            }
        }
    }

    /** Per-thread profile accumulator, kept all-zero between queries. */
    private static final class Scratch {
        final double[] profile;
        final boolean[] mark;
        final int[] touched;

        Scratch(int numTerms) {
            profile = new double[numTerms];
            mark = new boolean[numTerms];
            touched = new int[numTerms];
        }
    }
}
