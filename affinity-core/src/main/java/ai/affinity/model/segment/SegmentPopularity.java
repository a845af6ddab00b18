package ai.affinity.model.segment;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.Params;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;
import ai.affinity.tune.SearchSpace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Segment popularity ("segpop"): the most popular items within the user's segment, the
 * traditional cold-start fallback for users with features but (almost) no history.
 *
 * <p>Segments ({@code by}):
 * <ul>
 *   <li>{@code user:a+b+...}: users with equal values of the user attributes (see {@link UserSegments};
 *       numeric attributes such as {@code age} are cut into bands of {@code band} width, and
 *       {@code age_band} means the same when no categorical {@code age_band} exists). Segment
 *       {@code s} scores item {@code i} by the smoothed share of the segment's training events on it,
 *       {@code (c_s(i) + shrink · p(i)) / (C_s + shrink)}, where {@code c_s(i)} counts the events of
 *       segment {@code s}'s training users on {@code i}, {@code C_s} all of their events and
 *       {@code p(i) = c(i) / C} the global share: {@code shrink} acts as pseudo-events drawn from
 *       the global distribution, pulling small segments toward global popularity.</li>
 *   <li>{@code item:attr} (e.g. {@code item:genre}): popularity within the item categories the
 *       user's history favours. Category {@code g} scores {@code (c(i)·[i ∈ g] + shrink · p(i)) / (C_g + shrink)}
 *       with {@code C_g} the events on items of {@code g}; the user's score is the mixture
 *       {@code Σ_g share(g) · score_g(i)}, where {@code share(g)} is the fraction of history events
 *       on items of {@code g} (an item in several categories splits its event equally).</li>
 * </ul>
 * Which segment a query falls in: its own features ({@code query.features()}); for a known user
 * whose query carries no features, the segment stored at training; with no usable segment (no
 * features, or a segment no training user had), the history's categories ({@code fallback}
 * attribute, {@code genre} by default), and with no history either, global popularity {@code p(i)}.
 * Training counts come only from the training interactions (training users).
 *
 * <p>Immutable and thread-safe. Defaults are the best found on the ml-100k validation carve-out of
 * the random 25% holdout (seed 42).
 *
 * @param by       {@code user:} plus attribute names joined by {@code +}, or {@code item:} plus one item
 *                 attribute; default {@code user:age}
 * @param shrink   smoothing toward global popularity, in pseudo-events, >= 0; default 3162 (10^3.5, the best
 *                 grid point; ml-100k segments hold about 2,000 to 30,000 training events, so this is a
 *                 strong pull toward global popularity)
 * @param band     width of numeric user-attribute bands, > 0; default 10
 * @param fallback item attribute whose categories stand in for a missing segment, or {@code none};
 *                 default {@code genre}
 */
public record SegmentPopularity(String by, double shrink, double band, String fallback)
        implements Algorithm<SegmentPopularity.SegmentModel> {
    public static final String NAME = "segpop";
    public static final String KIND = "segpop";
    /** Refuse segment tables larger than this many floats (segments × items) rather than run out of memory. */
    static final long MAX_TABLE = 200_000_000L;

    /** The space {@code affinity tune} searches; the defaults lie inside it. */
    public static final SearchSpace SEARCH_SPACE = SearchSpace.of(
            SearchSpace.choice("by", "user:gender", "user:age", "user:occupation", "user:gender+age",
                    "user:gender+occupation", "user:age+occupation", "item:genre"),
            SearchSpace.logRange("shrink", 1, 10_000, 9),
            SearchSpace.choice("band", 5, 10, 15, 20));

    public SegmentPopularity {
        by = by == null ? "" : by.trim();
        Params.check(by.startsWith("user:") && by.length() > 5 && Arrays.stream(by.substring(5).split("\\+"))
                        .noneMatch(String::isBlank)
                        || by.startsWith("item:") && by.length() > 5 && !by.contains("+"),
                NAME, "by", by, "user:<attr>[+<attr>...] or item:<attr>, e.g. user:gender+age or item:genre");
        Params.check(shrink >= 0 && Double.isFinite(shrink), NAME, "shrink", shrink, ">= 0");
        Params.check(band > 0 && Double.isFinite(band), NAME, "band", band, "> 0");
        fallback = fallback == null || fallback.isBlank() ? "none" : fallback.trim();
    }

    /** The defaults (best on the ml-100k validation carve-out). */
    public static SegmentPopularity defaults() {
        return fromParams(Map.of());
    }

    /** Builds from string parameters ({@code segpop:by=user:gender,shrink=50}); rejects unknown keys. */
    public static SegmentPopularity fromParams(Map<String, String> params) {
        Params p = new Params(NAME, params);
        SegmentPopularity s = new SegmentPopularity(p.getString("by", "user:age"),
                p.getDouble("shrink", 3162), p.getDouble("band", 10), p.getString("fallback", "genre"));
        p.requireAllUsed();
        return s;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", by);
        m.put("shrink", shrink);
        m.put("band", band);
        m.put("fallback", fallback);
        return m;
    }

    Map<String, String> paramStrings() {
        Map<String, String> m = new LinkedHashMap<>();
        params().forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    /** Whether segments come from user attributes (else from the history's item categories). */
    public boolean byUser() {
        return by.startsWith("user:");
    }

    /** The user segmentation, or null in {@code item:} mode. */
    UserSegments userSegments() {
        return byUser() ? new UserSegments(List.of(by.substring(5).split("\\+")), band) : null;
    }

    /** The item attribute whose categories are mixed by history share, or null when there is none. */
    String categoryAttribute() {
        if (!byUser()) {
            return by.substring(5);
        }
        return fallback.equalsIgnoreCase("none") ? null : fallback;
    }

    @Override
    public SegmentModel fit(TrainingData data, FitContext ctx) {
        Interactions train = data.train();
        int n = train.numItems();
        int[] itemCounts = train.itemCounts();
        long total = train.numEvents();
        float[] global = new float[n];
        for (int i = 0; i < n; i++) {
            global[i] = total == 0 ? 0f : (float) ((double) itemCounts[i] / total);
        }

        String[] keys = new String[0];
        int[] userSegment = new int[0];
        float[] segmentTable = new float[0];
        if (byUser()) {
            UserSegments seg = userSegments();
            Map<String, Integer> ids = new LinkedHashMap<>();
            userSegment = assignSegments(train, data.users(), seg, ids);
            keys = ids.keySet().toArray(new String[0]);
            checkSize(keys.length, n, "user segments");
            segmentTable = smooth(countBySegment(train, userSegment, keys.length), n, keys.length, global, shrink);
        }

        String attr = categoryAttribute();
        Categories cats = attr == null ? Categories.none(n) : Categories.of(data.items(), attr, n);
        checkSize(cats.names.length, n, "item categories");
        float[] categoryTable = smooth(countByCategory(itemCounts, cats), n, cats.names.length, global, shrink);
        return new SegmentModel(this, global, keys, userSegment, segmentTable, cats, categoryTable);
    }

    private void checkSize(int segments, int items, String what) {
        if ((long) segments * items > MAX_TABLE) {
            throw new IllegalArgumentException("model '" + NAME + "' with by=" + by + ": " + segments + " " + what
                    + " x " + items + " items is too large a table; use fewer or coarser attributes (larger band)");
        }
    }

    /**
     * The segment of every user with training events (-1 for users without events or features);
     * segment ids are given in order of first appearance by user index, and their keys added to {@code ids}.
     */
    static int[] assignSegments(Interactions train, UserCatalog users, UserSegments seg, Map<String, Integer> ids) {
        int[] out = new int[train.numUsers()];
        for (int u = 0; u < out.length; u++) {
            out[u] = -1;
            if (train.userCount(u) == 0) {
                continue;
            }
            String key = seg.key(users.get(u));
            if (key != null) {
                Integer id = ids.get(key);
                if (id == null) {
                    id = ids.size();
                    ids.put(key, id);
                }
                out[u] = id;
            }
        }
        return out;
    }

    /**
     * Event counts per (segment, item), row-major {@code [segment * numItems + item]}, plus each
     * segment's total in the extra trailing row block {@code [numSegments * numItems + segment]}.
     */
    static double[] countBySegment(Interactions train, int[] userSegment, int numSegments) {
        int n = train.numItems();
        double[] counts = new double[numSegments * n + numSegments];
        for (int u = 0; u < train.numUsers(); u++) {
            int s = userSegment[u];
            if (s < 0) {
                continue;
            }
            int base = s * n;
            for (int p = train.start(u); p < train.end(u); p++) {
                counts[base + train.item(p)]++;
            }
            counts[numSegments * n + s] += train.userCount(u);
        }
        return counts;
    }

    /** Like {@link #countBySegment} for item categories: {@code c(i)} for items of the category, and {@code C_g}. */
    static double[] countByCategory(int[] itemCounts, Categories cats) {
        int n = itemCounts.length;
        int g = cats.names.length;
        double[] counts = new double[g * n + g];
        for (int i = 0; i < n; i++) {
            for (int p = cats.indptr[i]; p < cats.indptr[i + 1]; p++) {
                int c = cats.ids[p];
                counts[c * n + i] += itemCounts[i];
                counts[g * n + c] += itemCounts[i];
            }
        }
        return counts;
    }

    /** {@code (count + shrink · global) / (total + shrink)} per (segment, item); 0 rows for empty segments. */
    static float[] smooth(double[] counts, int n, int numSegments, float[] global, double shrink) {
        float[] out = new float[numSegments * n];
        for (int s = 0; s < numSegments; s++) {
            double denom = counts[numSegments * n + s] + shrink;
            if (denom <= 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                out[s * n + i] = (float) ((counts[s * n + i] + shrink * global[i]) / denom);
            }
        }
        return out;
    }

    /** Reads what {@link SegmentModel#writePayload} wrote. */
    public static SegmentModel read(ModelReader in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("segpop model payload version " + version + " is not supported (expected 1)");
        }
        SegmentPopularity config = fromParams(in.readStringMap());
        float[] global = in.readFloats();
        int n = global.length;
        String[] keys = new String[in.readInt()];
        for (int s = 0; s < keys.length; s++) {
            keys[s] = in.readString();
        }
        int[] userSegment = in.readInts();
        float[] segmentTable = in.readFloats();
        String[] names = new String[in.readInt()];
        for (int g = 0; g < names.length; g++) {
            names[g] = in.readString();
        }
        int[] indptr = in.readInts();
        int[] ids = in.readInts();
        float[] categoryTable = in.readFloats();
        if (segmentTable.length != keys.length * n || categoryTable.length != names.length * n
                || indptr.length != n + 1 || indptr[n] != ids.length) {
            throw new IOException("segpop model: table sizes do not match " + n + " items, " + keys.length
                    + " segments and " + names.length + " categories");
        }
        for (int s : userSegment) {
            if (s < -1 || s >= keys.length) {
                throw new IOException("segpop model: user segment " + s + " out of range");
            }
        }
        for (int c : ids) {
            if (c < 0 || c >= names.length) {
                throw new IOException("segpop model: item category " + c + " out of range");
            }
        }
        return new SegmentModel(config, global, keys, userSegment, segmentTable, new Categories(names, indptr, ids),
                categoryTable);
    }

    /**
     * Item categories from one categorical item attribute: names ascending, and per item (CSR) the
     * ids of its distinct categories.
     */
    static final class Categories {
        final String[] names;
        final int[] indptr;
        final int[] ids;

        Categories(String[] names, int[] indptr, int[] ids) {
            this.names = names;
            this.indptr = indptr;
            this.ids = ids;
        }

        static Categories none(int n) {
            return new Categories(new String[0], new int[n + 1], new int[0]);
        }

        static Categories of(ItemCatalog items, String attr, int n) {
            TreeSet<String> all = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                List<String> v = items.get(i).categorical().get(attr);
                if (v != null) {
                    all.addAll(v);
                }
            }
            String[] names = all.toArray(new String[0]);
            Map<String, Integer> index = new HashMap<>();
            for (int g = 0; g < names.length; g++) {
                index.put(names[g], g);
            }
            int[] indptr = new int[n + 1];
            List<int[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<String> v = items.get(i).categorical().get(attr);
                int[] row = v == null ? new int[0] : v.stream().mapToInt(index::get).distinct().sorted().toArray();
                rows.add(row);
                indptr[i + 1] = indptr[i] + row.length;
            }
            int[] ids = new int[indptr[n]];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows.get(i), 0, ids, indptr[i], rows.get(i).length);
            }
            return new Categories(names, indptr, ids);
        }
    }

    /**
     * A fitted segment-popularity model: global shares, one smoothed table per user segment, and one
     * per item category. Immutable and thread-safe.
     */
    public static final class SegmentModel implements SavableModel {
        private final SegmentPopularity config;
        private final UserSegments segments;
        private final float[] global;
        private final String[] keys;
        private final Map<String, Integer> keyIndex = new HashMap<>();
        private final int[] userSegment;
        private final float[] segmentTable;
        private final Categories categories;
        private final float[] categoryTable;

        SegmentModel(SegmentPopularity config, float[] global, String[] keys, int[] userSegment, float[] segmentTable,
                     Categories categories, float[] categoryTable) {
            this.config = config;
            this.segments = config.userSegments();
            this.global = global;
            this.keys = keys;
            for (int s = 0; s < keys.length; s++) {
                keyIndex.put(keys[s], s);
            }
            this.userSegment = userSegment;
            this.segmentTable = segmentTable;
            this.categories = categories;
            this.categoryTable = categoryTable;
        }

        public SegmentPopularity config() {
            return config;
        }

        /** Number of user segments seen in training (0 in {@code item:} mode). */
        public int numSegments() {
            return keys.length;
        }

        /** Key of segment {@code s}, e.g. {@code gender=F|age=[20,30)}. */
        public String segmentKey(int s) {
            return keys[s];
        }

        /**
         * The user segment a query falls in, or -1 (then categories of the history, then global
         * popularity are used): its features' key when a training user had that key; else, for a
         * known user without features in the query, the segment stored at training.
         */
        public int segmentOf(UserQuery query) {
            if (segments == null) {
                return -1;
            }
            UserFeatures f = query.features();
            if (!f.isEmpty()) {
                String key = segments.key(f);
                Integer s = key == null ? null : keyIndex.get(key);
                if (s != null) {
                    return s;
                }
            } else if (query.user() >= 0 && query.user() < userSegment.length) {
                return userSegment[query.user()];
            }
            return -1;
        }

        @Override
        public int numItems() {
            return global.length;
        }

        @Override
        public void score(UserQuery query, float[] scoresOut) {
            int n = global.length;
            int s = segmentOf(query);
            if (s >= 0) {
                System.arraycopy(segmentTable, s * n, scoresOut, 0, n);
                return;
            }
            double[] share = categoryShares(query.history());
            if (share == null) {
                System.arraycopy(global, 0, scoresOut, 0, n);
                return;
            }
            Arrays.fill(scoresOut, 0, n, 0f);
            for (int g = 0; g < share.length; g++) {
                if (share[g] == 0) {
                    continue;
                }
                float w = (float) share[g];
                int base = g * n;
                for (int i = 0; i < n; i++) {
                    scoresOut[i] += w * categoryTable[base + i];
                }
            }
        }

        /**
         * Share of the history's events per category (each event split equally over its item's
         * categories), or null when no history event has a category.
         */
        double[] categoryShares(History h) {
            int g = categories.names.length;
            if (g == 0 || h.isEmpty()) {
                return null;
            }
            double[] share = new double[g];
            double total = 0;
            int n = global.length;
            for (int e = 0; e < h.size(); e++) {
                int item = h.item(e);
                if (item < 0 || item >= n) {
                    continue;
                }
                int from = categories.indptr[item];
                int to = categories.indptr[item + 1];
                if (to == from) {
                    continue;
                }
                double part = 1.0 / (to - from);
                for (int p = from; p < to; p++) {
                    share[categories.ids[p]] += part;
                }
                total += 1;
            }
            if (total == 0) {
                return null;
            }
            for (int c = 0; c < g; c++) {
                share[c] /= total;
            }
            return share;
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
            out.writeFloats(global);
            out.writeInt(keys.length);
            for (String k : keys) {
                out.writeString(k);
            }
            out.writeInts(userSegment);
            out.writeFloats(segmentTable);
            out.writeInt(categories.names.length);
            for (String name : categories.names) {
                out.writeString(name);
            }
            out.writeInts(categories.indptr);
            out.writeInts(categories.ids);
            out.writeFloats(categoryTable);
        }
    }
}
