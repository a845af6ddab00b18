package ai.affinity.ann;

import ai.affinity.math.Vectors;

import java.util.Arrays;

/**
 * Growable row-major float matrix of item vectors as scored: as given for inner product, unit length for cosine
 * (so both score by a plain dot product).
 *
 * <p>One writer at a time ({@link #add} is synchronized); readers need no lock: {@code count} is written after the
 * row and after {@code data} (both volatile), so a reader that sees {@code count = n} sees rows {@code 0..n-1}.
 */
final class VectorStore {
    final int dim;
    final Similarity similarity;
    private volatile float[] data;
    private volatile int count;

    VectorStore(int dim, Similarity similarity, int initialCapacity) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1; got " + dim);
        }
        this.dim = dim;
        this.similarity = similarity;
        this.data = new float[Math.multiplyExact(Math.max(initialCapacity, 16), dim)];
    }

    int size() {
        return count;
    }

    float[] data() {
        return data;
    }

    /** Appends the vector at {@code src[offset..offset+dim)} (already validated) and returns its row. */
    synchronized int add(float[] src, int offset) {
        int row = count;
        float[] d = data;
        if ((long) (row + 1) * dim > d.length) {
            long grown = Math.max((long) (row + 1) * dim, (long) d.length + (d.length >> 1));
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("vector store full: " + row + " rows of " + dim + " floats");
            }
            d = Arrays.copyOf(d, (int) grown);
        }
        int off = row * dim;
        if (similarity == Similarity.COSINE) {
            float norm = (float) Math.sqrt(Vectors.dot(src, offset, src, offset, dim));
            float inv = norm == 0f ? 0f : 1f / norm;
            for (int i = 0; i < dim; i++) {
                d[off + i] = src[offset + i] * inv;
            }
        } else {
            System.arraycopy(src, offset, d, off, dim);
        }
        data = d;
        count = row + 1;
        return row;
    }

    /** The query as scored against stored rows: a copy for inner product, {@code q / |q|} for cosine. */
    float[] graphQuery(float[] query) {
        float[] out = new float[dim];
        if (similarity == Similarity.COSINE) {
            float norm = (float) Math.sqrt(Vectors.dot(query, 0, query, 0, dim));
            float inv = norm == 0f ? 0f : 1f / norm;
            for (int i = 0; i < dim; i++) {
                out[i] = query[i] * inv;
            }
        } else {
            System.arraycopy(query, 0, out, 0, dim);
        }
        return out;
    }

    /** Exact score of row {@code row} for a query prepared by {@link #graphQuery}. */
    float exactScore(float[] graphQuery, float[] d, int row) {
        return Vectors.dot(graphQuery, 0, d, row * dim, dim);
    }

    float[] vector(int row) {
        int n = count;
        if (row < 0 || row >= n) {
            throw new IndexOutOfBoundsException("item id " + row + " out of range 0.." + (n - 1));
        }
        float[] d = data;
        return Arrays.copyOfRange(d, row * dim, row * dim + dim);
    }

    long bytes() {
        return 4L * data.length;
    }

    static void checkVector(float[] v, int dim, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (v.length != dim) {
            throw new IllegalArgumentException(what + " has " + v.length + " dimensions; the index has " + dim);
        }
        checkFinite(v, 0, dim, what);
    }

    static void checkFinite(float[] v, int offset, int dim, String what) {
        for (int i = 0; i < dim; i++) {
            if (!Float.isFinite(v[offset + i])) {
                throw new IllegalArgumentException(what + " has a non-finite value at dimension " + i + ": " + v[offset + i]);
            }
        }
    }

    static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1; got " + k);
        }
    }

    /** Validates a row-major build matrix and returns its number of rows. */
    static int checkMatrix(float[] matrix, int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1; got " + dim);
        }
        if (matrix == null) {
            throw new IllegalArgumentException("item matrix is null");
        }
        if (matrix.length % dim != 0) {
            throw new IllegalArgumentException("item matrix length " + matrix.length + " is not a multiple of dim " + dim);
        }
        int n = matrix.length / dim;
        for (int r = 0; r < n; r++) {
            checkFinite(matrix, r * dim, dim, "item vector " + r);
        }
        return n;
    }
}
