package ai.affinity.deep.content;

import ai.affinity.data.ItemContent;
import ai.affinity.util.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * An encoder behind an {@link EmbeddingCache}: items whose vector is on disk are read back, the
 * rest are encoded in one call to the wrapped encoder (so it batches and parallelises as it likes)
 * and stored. Unsupported items get zeros without touching the cache. Same contract, name and
 * dimension as the wrapped encoder; thread-safe when it is.
 */
public final class CachedEncoder implements ContentEncoder {
    private final ContentEncoder inner;
    private final EmbeddingCache cache;

    public CachedEncoder(ContentEncoder inner, EmbeddingCache cache) {
        this.inner = inner;
        this.cache = cache;
    }

    public ContentEncoder inner() {
        return inner;
    }

    public EmbeddingCache cache() {
        return cache;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int dim() {
        return inner.dim();
    }

    @Override
    public boolean supports(ItemContent item) {
        return inner.supports(item);
    }

    @Override
    public byte[] contentKey(ItemContent item) {
        return inner.contentKey(item);
    }

    @Override
    public float[][] encode(List<ItemContent> items, Progress progress) {
        int n = items.size();
        int dim = inner.dim();
        float[][] out = new float[n][];
        String[] hashes = new String[n];
        List<ItemContent> todo = new ArrayList<>();
        List<Integer> todoAt = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ItemContent c = items.get(i);
            if (!inner.supports(c)) {
                out[i] = new float[dim];
                continue;
            }
            hashes[i] = EmbeddingCache.hash(inner.contentKey(c));
            out[i] = cache.get(inner.name(), hashes[i], dim);
            if (out[i] == null) {
                todo.add(c);
                todoAt.add(i);
            }
        }
        if (!todo.isEmpty()) {
            float[][] fresh = inner.encode(todo, progress);
            for (int j = 0; j < fresh.length; j++) {
                int i = todoAt.get(j);
                out[i] = fresh[j];
                cache.put(inner.name(), hashes[i], fresh[j]);
            }
        }
        return out;
    }
}
