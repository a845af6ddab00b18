package ai.affinity.server.retrieval;

import ai.affinity.ann.HnswIndex;
import ai.affinity.ann.HnswParams;
import ai.affinity.ann.Neighbors;
import ai.affinity.ann.Similarity;
import ai.affinity.model.Model;
import ai.affinity.model.UserQuery;
import ai.affinity.model.VectorModel;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Retrieval through an HNSW index ({@link HnswIndex}, maximum inner product) over a {@link VectorModel}'s item
 * vectors: the user's vector goes to the index, excluded (seen) items are skipped inside the graph search, and
 * the candidates are re-ranked by their exact inner product, which is the model's score. Models without
 * vectors, and catalogues under {@code minItems}, are scored item by item ({@link BruteForceRetriever}).
 *
 * <p><b>Items without events.</b> The server scores an item without training events (placed by content) as the
 * weighted mean of its content neighbours' scores. For a vector model that is the inner product with the weighted
 * mean of the neighbours' vectors ({@link #meanVector}), so such items are indexed with that vector: in-catalogue
 * ones when the index is built ({@link #prepare(Model, IntFunction)}), items added after the fit
 * ({@code PUT /v1/items}) by {@link #addItem}, which appends them to the graph with ids from {@code numItems()} on.
 * Fresh items thus need no full scoring. An item re-placed (new content) gets a new node and its old node is
 * retired (never returned again).
 *
 * <p>{@link #prepare} builds a model's index; the serving state calls it before it swaps a new model in, so
 * no request waits for a build. Indexes are held weakly by model: a model no longer served takes its index
 * with it. Thread-safe.
 */
public final class AnnRetriever implements Retriever {
    private final int minItems;
    private final HnswParams params;
    private final Map<Model, Entry> indexes = Collections.synchronizedMap(new WeakHashMap<>());

    /** One model's index and the nodes added after the build. */
    private static final class Entry {
        final HnswIndex index;
        final int numItems;
        /** item id → its added node and the placement version it was built from. */
        final Map<String, long[]> added = new ConcurrentHashMap<>();
        /** Item ids of the added nodes, by node - numItems (copy on write). */
        volatile String[] addedIds = new String[0];
        /** Nodes never to return: placed items without a usable neighbour, and replaced nodes (copy on write). */
        volatile boolean[] retired;

        Entry(HnswIndex index, int numItems, boolean[] retired) {
            this.index = index;
            this.numItems = numItems;
            this.retired = retired;
        }

        boolean live(int node) {
            boolean[] r = retired;
            return node < numItems + addedIds.length && !(node < r.length && r[node]);
        }

        /** Under the entry's lock. */
        void retire(int node) {
            boolean[] r = retired;
            boolean[] next = Arrays.copyOf(r, Math.max(r.length, node + 1));
            next[node] = true;
            retired = next;
        }
    }

    /**
     * @param minItems smallest catalogue that gets an index (0: every vector model)
     * @param params   graph and search parameters
     */
    public AnnRetriever(int minItems, HnswParams params) {
        if (minItems < 0) {
            throw new IllegalArgumentException("minItems must be >= 0, got " + minItems);
        }
        this.minItems = minItems;
        this.params = params;
    }

    /** Builds {@code model}'s index when it is a vector model with at least {@code minItems} items (idempotent). */
    @Override
    public void prepare(Model model) {
        prepare(model, i -> null);
    }

    /**
     * Builds {@code model}'s index (as {@link #prepare(Model)}), indexing each placed item with the weighted mean
     * of its neighbours' vectors; a placed item without a usable neighbour is never returned (its served score is
     * undefined, as in brute force).
     */
    @Override
    public void prepare(Model model, IntFunction<Placement> placed) {
        if (!(model instanceof VectorModel vm) || vm.numItems() < minItems || vm.numItems() == 0 || indexes.containsKey(model)) {
            return;
        }
        int n = vm.numItems();
        int dim = vm.dim();
        float[] matrix = new float[Math.multiplyExact(n, dim)];
        boolean[] retired = new boolean[n];
        for (int i = 0; i < n; i++) {
            Placement p = placed.apply(i);
            float[] v = p == null ? vm.itemVector(i) : meanVector(vm, p);
            if (v == null) {
                retired[i] = true; // keeps its own vector in the graph as a bridge, never returned
                v = vm.itemVector(i);
            }
            System.arraycopy(v, 0, matrix, i * dim, dim);
        }
        indexes.put(model, new Entry(HnswIndex.build(matrix, dim, Similarity.INNER_PRODUCT, params), n, retired));
    }

    /**
     * {@code Σ w·v / Σ w} over the placement's neighbours that are items of {@code model}: the vector whose inner
     * product with any user vector is the weighted mean of the neighbours' scores. Null when no neighbour is usable.
     */
    public static float[] meanVector(VectorModel model, Placement p) {
        float[] out = new float[model.dim()];
        double den = 0;
        for (int j = 0; j < p.neighbours().length; j++) {
            int i = p.neighbours()[j];
            if (i < 0 || i >= model.numItems()) {
                continue;
            }
            float w = p.weights()[j];
            float[] v = model.itemVector(i);
            for (int d = 0; d < out.length; d++) {
                out[d] += w * v[d];
            }
            den += w;
        }
        if (den <= 0) {
            return null;
        }
        for (int d = 0; d < out.length; d++) {
            out[d] = (float) (out[d] / den);
        }
        return out;
    }

    /** Whether requests to {@code model} go through an index. */
    public boolean covers(Model model) {
        return indexes.containsKey(model);
    }

    /** The index of {@code model}, or null. */
    public HnswIndex index(Model model) {
        Entry e = indexes.get(model);
        return e == null ? null : e.index;
    }

    /**
     * Indexes an item the model has no vector for (stored after the fit), placed by content: a new node with the
     * {@linkplain #meanVector mean vector} of its neighbours. Idempotent per {@code version} (the placement's
     * time): a new version adds a new node and retires the old one, as does a placement of an in-catalogue item
     * ({@code replaces} >= 0: that item's node is retired). Costs about one search at {@code efConstruction}.
     *
     * @param replaces the item's own index in the model, or -1 when the model does not know it
     * @return the item's node, or -1 when the model is not indexed or no neighbour is usable (the item is then
     *         not returned)
     */
    public int addItem(Model model, String itemId, long version, int replaces, Placement placement) {
        Entry e = indexes.get(model);
        if (e == null) {
            return -1;
        }
        long[] have = e.added.get(itemId);
        if (have != null && have[1] == version) {
            return (int) have[0];
        }
        synchronized (e) {
            have = e.added.get(itemId);
            if (have != null && have[1] == version) {
                return (int) have[0];
            }
            if (have != null && have[0] >= 0) {
                e.retire((int) have[0]);
            }
            if (replaces >= 0 && replaces < e.numItems) {
                e.retire(replaces);
            }
            float[] v = meanVector((VectorModel) model, placement);
            int node = -1;
            if (v != null) {
                node = e.index.add(v);
                String[] ids = Arrays.copyOf(e.addedIds, node - e.numItems + 1);
                ids[node - e.numItems] = itemId;
                e.addedIds = ids;
            }
            e.added.put(itemId, new long[]{node, version});
            return node;
        }
    }

    /** The item id of a node {@link #addItem added} to {@code model}'s index, or null. */
    public String addedItemId(Model model, int node) {
        Entry e = indexes.get(model);
        if (e == null || node < e.numItems) {
            return null;
        }
        String[] ids = e.addedIds;
        return node - e.numItems < ids.length ? ids[node - e.numItems] : null;
    }

    /** The node of an item added to {@code model}'s index, or -1. */
    public int addedNode(Model model, String itemId) {
        Entry e = indexes.get(model);
        long[] have = e == null ? null : e.added.get(itemId);
        return have == null ? -1 : (int) have[0];
    }

    /** Nodes in {@code model}'s index (its items plus added ones), or {@code numItems()} when it has none. */
    public int size(Model model) {
        Entry e = indexes.get(model);
        return e == null ? model.numItems() : e.index.size();
    }

    /**
     * Top {@code k} live nodes by inner product with the query's user vector. Nodes from {@code numItems()} on are
     * {@linkplain #addItem added} items (name them with {@link #addedItemId}); {@code excluded} may cover them too.
     */
    @Override
    public Ranked topK(Model model, UserQuery query, int k, boolean[] excluded) {
        Entry e = indexes.get(model);
        if (e == null) {
            return BruteForceRetriever.INSTANCE.topK(model, query, k, excluded);
        }
        float[] u = ((VectorModel) model).userVector(query);
        Neighbors nb = e.index.search(u, k, id -> !e.live(id) || (excluded != null && id < excluded.length && excluded[id]));
        return new Ranked(nb.ids(), nb.scores());
    }
}
