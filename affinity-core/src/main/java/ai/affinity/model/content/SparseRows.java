package ai.affinity.model.content;

import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row form (primitive arrays): row {@code r} holds
 * columns {@code cols[indptr[r] .. indptr[r+1])} in ascending order with their {@code vals}. Used for
 * item term vectors and for item neighbour lists.
 *
 * <p>The arrays are owned by this object and never handed out for writing; thread-safe.
 */
public final class SparseRows {
    private final int numCols;
    private final int[] indptr;
    private final int[] cols;
    private final float[] vals;

    /**
     * Wraps CSR arrays (not copied: the caller gives up ownership). Checks the shape: {@code indptr}
     * non-decreasing from 0 to {@code cols.length}, columns ascending within a row and below {@code numCols}.
     */
    public SparseRows(int numCols, int[] indptr, int[] cols, float[] vals) {
        if (indptr.length < 1 || indptr[0] != 0 || indptr[indptr.length - 1] != cols.length
                || cols.length != vals.length) {
            throw new IllegalArgumentException("bad CSR shape: indptr ends at " + indptr[indptr.length - 1]
                    + ", " + cols.length + " columns, " + vals.length + " values");
        }
        for (int r = 0; r + 1 < indptr.length; r++) {
            if (indptr[r + 1] < indptr[r]) {
                throw new IllegalArgumentException("indptr decreases at row " + r);
            }
            for (int p = indptr[r]; p < indptr[r + 1]; p++) {
                if (cols[p] < 0 || cols[p] >= numCols || (p > indptr[r] && cols[p] <= cols[p - 1])) {
                    throw new IllegalArgumentException("row " + r + ": column " + cols[p]
                            + " out of range [0, " + numCols + ") or not ascending");
                }
            }
        }
        this.numCols = numCols;
        this.indptr = indptr;
        this.cols = cols;
        this.vals = vals;
    }

    public int numRows() {
        return indptr.length - 1;
    }

    public int numCols() {
        return numCols;
    }

    /** Number of stored entries. */
    public int nnz() {
        return cols.length;
    }

    public int start(int row) {
        return indptr[row];
    }

    public int end(int row) {
        return indptr[row + 1];
    }

    public int col(int pos) {
        return cols[pos];
    }

    public float val(int pos) {
        return vals[pos];
    }

    /** Value at {@code (row, col)}, 0 when not stored; O(log row length). */
    public float get(int row, int col) {
        int p = Arrays.binarySearch(cols, indptr[row], indptr[row + 1], col);
        return p >= 0 ? vals[p] : 0f;
    }

    /** Dot product of two rows (both ascending, merged in one pass), accumulated in double. */
    public double dot(int a, int b) {
        int p = indptr[a];
        int pe = indptr[a + 1];
        int q = indptr[b];
        int qe = indptr[b + 1];
        double s = 0;
        while (p < pe && q < qe) {
            int ca = cols[p];
            int cb = cols[q];
            if (ca == cb) {
                s += (double) vals[p++] * vals[q++];
            } else if (ca < cb) {
                p++;
            } else {
                q++;
            }
        }
        return s;
    }

    /** Dot product of row {@code r} with a dense vector indexed by column. */
    public double dot(int r, double[] dense) {
        double s = 0;
        for (int p = indptr[r]; p < indptr[r + 1]; p++) {
            s += vals[p] * dense[cols[p]];
        }
        return s;
    }

    /**
     * The transpose (compressed sparse columns of this matrix): row {@code c} of the result lists
     * the rows of this matrix with a value in column {@code c}, ascending.
     */
    public SparseRows transpose() {
        int[] tptr = new int[numCols + 1];
        for (int c : cols) {
            tptr[c + 1]++;
        }
        for (int c = 0; c < numCols; c++) {
            tptr[c + 1] += tptr[c];
        }
        int[] fill = Arrays.copyOf(tptr, numCols);
        int[] tcols = new int[cols.length];
        float[] tvals = new float[cols.length];
        for (int r = 0; r < numRows(); r++) {
            for (int p = indptr[r]; p < indptr[r + 1]; p++) {
                int w = fill[cols[p]]++;
                tcols[w] = r;
                tvals[w] = vals[p];
            }
        }
        return new SparseRows(numRows(), tptr, tcols, tvals);
    }

    int[] indptrArray() {
        return indptr;
    }

    int[] colsArray() {
        return cols;
    }

    float[] valsArray() {
        return vals;
    }
}
