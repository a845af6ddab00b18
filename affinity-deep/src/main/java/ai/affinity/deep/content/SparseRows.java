package ai.affinity.deep.content;

import java.util.Arrays;

/**
 * Sparse feature rows in CSR form: row {@code r} has ids {@code ids[offsets[r] .. offsets[r+1])}
 * (each in {@code [0, width)}) with weights {@code values[...]}. What the featurizers
 * ({@link AttributeFeaturizer}, the hashed n-gram bag) produce and what {@link EmbeddingBag}
 * embeds. Immutable by convention: the arrays are shared, callers must not modify them.
 *
 * @param width   number of distinct ids (rows of the embedding table)
 * @param offsets row starts, length {@code rows + 1}, non-decreasing, {@code offsets[0] == 0}
 * @param ids     feature ids
 * @param values  weights, same length as {@code ids}
 */
public record SparseRows(int width, int[] offsets, int[] ids, float[] values) {
    public SparseRows {
        if (offsets.length < 1 || offsets[0] != 0 || offsets[offsets.length - 1] != ids.length
                || ids.length != values.length) {
            throw new IllegalArgumentException("inconsistent CSR: " + offsets.length + " offsets, last "
                    + offsets[offsets.length - 1] + ", " + ids.length + " ids, " + values.length + " values");
        }
        for (int r = 0; r + 1 < offsets.length; r++) {
            if (offsets[r] > offsets[r + 1]) {
                throw new IllegalArgumentException("offsets decrease at row " + r);
            }
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= width) {
                throw new IllegalArgumentException("id " + ids[i] + " at " + i + " outside [0, " + width + ")");
            }
        }
    }

    public int rows() {
        return offsets.length - 1;
    }

    /** Entries in the longest row (the padded width of a dense batch). */
    public int maxRowLength() {
        int m = 0;
        for (int r = 0; r < rows(); r++) {
            m = Math.max(m, offsets[r + 1] - offsets[r]);
        }
        return m;
    }

    public int[] rowIds(int r) {
        return Arrays.copyOfRange(ids, offsets[r], offsets[r + 1]);
    }

    public float[] rowValues(int r) {
        return Arrays.copyOfRange(values, offsets[r], offsets[r + 1]);
    }

    /** Incremental construction, row by row. Not thread-safe. */
    public static final class Builder {
        private final int width;
        private int[] offsets = new int[16];
        private int[] ids = new int[64];
        private float[] values = new float[64];
        private int rows;
        private int size;

        public Builder(int width) {
            this.width = width;
        }

        public Builder add(int id, float value) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            ids[size] = id;
            values[size++] = value;
            return this;
        }

        /** Closes the current row (possibly empty). */
        public Builder endRow() {
            if (rows + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[++rows] = size;
            return this;
        }

        public SparseRows build() {
            return new SparseRows(width, Arrays.copyOf(offsets, rows + 1), Arrays.copyOf(ids, size),
                    Arrays.copyOf(values, size));
        }
    }
}
