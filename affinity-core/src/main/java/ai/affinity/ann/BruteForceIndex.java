package ai.affinity.ann;

import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Exact search: scores every item, O(n·dim) per query, kept in a bounded primitive heap. The reference that
 * approximate indexes are measured against, and the right choice for small catalogues (below ~50k items a scan
 * of 64-dim vectors takes well under a millisecond per 10k items).
 *
 * <p>With {@code parallel} the scan is split into blocks on the common fork-join pool and the block heaps merged;
 * the result is identical (same tie rule). Thread-safe; {@link #add} may run concurrently with searches.
 */
public final class BruteForceIndex implements VectorIndex {
    private static final int BLOCK = 32_768;
    private final VectorStore store;
    private final boolean parallel;

    private BruteForceIndex(VectorStore store, boolean parallel) {
        this.store = store;
        this.parallel = parallel;
    }

    /**
     * Index of the rows of {@code matrix} (row-major, {@code matrix.length / dim} rows of {@code dim}); the
     * matrix is copied.
     */
    public static BruteForceIndex build(float[] matrix, int dim, Similarity similarity, boolean parallel) {
        int n = VectorStore.checkMatrix(matrix, dim);
        VectorStore store = new VectorStore(dim, similarity, n);
        for (int r = 0; r < n; r++) {
            store.add(matrix, r * dim);
        }
        return new BruteForceIndex(store, parallel);
    }

    /** Sequential exact index. */
    public static BruteForceIndex build(float[] matrix, int dim, Similarity similarity) {
        return build(matrix, dim, similarity, false);
    }

    @Override
    public int dim() {
        return store.dim;
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public Similarity similarity() {
        return store.similarity;
    }

    @Override
    public Neighbors search(float[] query, int k, IntPredicate excluded) {
        VectorStore.checkVector(query, store.dim, "query");
        VectorStore.checkK(k);
        float[] q = store.graphQuery(query);
        int n = store.size();
        float[] d = store.data();
        int blocks = (n + BLOCK - 1) / BLOCK;
        if (!parallel || blocks < 2) {
            ScoreHeap heap = new ScoreHeap(Math.min(k, Math.max(n, 0)));
            scan(q, d, 0, n, excluded, heap);
            return heap.drain();
        }
        int cap = Math.min(k, n);
        ScoreHeap merged = IntStream.range(0, blocks).parallel().mapToObj(b -> {
            ScoreHeap h = new ScoreHeap(cap);
            scan(q, d, b * BLOCK, Math.min(n, (b + 1) * BLOCK), excluded, h);
            return h;
        }).reduce(new ScoreHeap(cap), (a, b) -> {
            ScoreHeap m = new ScoreHeap(cap);
            m.merge(a);
            m.merge(b);
            return m;
        });
        return merged.drain();
    }

    private void scan(float[] q, float[] d, int from, int to, IntPredicate excluded, ScoreHeap heap) {
        for (int row = from; row < to; row++) {
            if (excluded != null && excluded.test(row)) {
                continue;
            }
            heap.offer(row, store.exactScore(q, d, row));
        }
    }

    @Override
    public int add(float[] vector) {
        VectorStore.checkVector(vector, store.dim, "item vector");
        return store.add(vector, 0);
    }

    @Override
    public float[] vector(int id) {
        return store.vector(id);
    }

    /** Bytes held by the vectors (capacity included). */
    public long bytes() {
        return store.bytes();
    }
}
