package ai.affinity.server.retrieval;

import ai.affinity.ann.HnswIndex;
import ai.affinity.ann.HnswParams;
import ai.affinity.ann.Neighbors;
import ai.affinity.ann.Similarity;
import ai.affinity.model.Model;
import ai.affinity.model.UserQuery;
import ai.affinity.model.VectorModel;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Retrieval through an HNSW index ({@link HnswIndex}, maximum inner product) over a {@link VectorModel}'s item
 * vectors: the user's vector goes to the index, excluded (seen) items are skipped inside the graph search, and
 * the candidates are re-ranked by their exact inner product, which is the model's score. Models without
 * vectors, and catalogues under {@code minItems}, are scored item by item ({@link BruteForceRetriever}).
 *
 * <p>{@link #prepare} builds a model's index; the serving state calls it before it swaps a new model in, so
 * no request waits for a build. Indexes are held weakly by model: a model no longer served takes its index
 * with it. Thread-safe.
 */
public final class AnnRetriever implements Retriever {
    private final int minItems;
    private final HnswParams params;
    private final Map<Model, HnswIndex> indexes = Collections.synchronizedMap(new WeakHashMap<>());

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
        if (!(model instanceof VectorModel vm) || vm.numItems() < minItems || vm.numItems() == 0 || indexes.containsKey(model)) {
            return;
        }
        int n = vm.numItems();
        int dim = vm.dim();
        float[] matrix = new float[Math.multiplyExact(n, dim)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(vm.itemVector(i), 0, matrix, i * dim, dim);
        }
        indexes.put(model, HnswIndex.build(matrix, dim, Similarity.INNER_PRODUCT, params));
    }

    /** Whether requests to {@code model} go through an index. */
    public boolean covers(Model model) {
        return indexes.containsKey(model);
    }

    /** The index of {@code model}, or null. */
    public HnswIndex index(Model model) {
        return indexes.get(model);
    }

    @Override
    public Ranked topK(Model model, UserQuery query, int k, boolean[] excluded) {
        HnswIndex index = indexes.get(model);
        if (index == null) {
            return BruteForceRetriever.INSTANCE.topK(model, query, k, excluded);
        }
        float[] u = ((VectorModel) model).userVector(query);
        int n = model.numItems();
        // Ids past the model's items (vectors added for items the model does not score) are never returned here.
        Neighbors nb = index.search(u, k, id -> id >= n || (excluded != null && excluded[id]));
        return new Ranked(nb.ids(), nb.scores());
    }
}
