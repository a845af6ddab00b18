package ai.affinity.metric;

/**
 * Catalogue coverage at cutoff k: the share of the catalogue that appears in at least one user's top k.
 * A system-level metric (one value, no per-user values, no confidence interval).
 *
 * <p>Mergeable so users can be evaluated in parallel: give each worker its own accumulator, {@link #add}
 * its users' lists, then {@link #merge} them; the result equals accumulating every list in one. Not
 * thread-safe. Memory: one bit per item.
 */
public final class CoverageAccumulator {
    private final int numItems;
    private final int k;
    private final int catalogueSize;
    private final long[] seen;
    private int distinct;

    /** Coverage over the whole catalogue of {@code numItems} items. */
    public CoverageAccumulator(int numItems, int k) {
        this(numItems, k, numItems);
    }

    /**
     * Coverage relative to {@code catalogueSize} eligible items (e.g. the number of candidate items when
     * ranking is restricted to cold items); item indexes still range over {@code 0..numItems-1}.
     */
    public CoverageAccumulator(int numItems, int k, int catalogueSize) {
        if (numItems < 0) {
            throw new IllegalArgumentException("numItems must be >= 0, got " + numItems);
        }
        if (k < 1) {
            throw new IllegalArgumentException("cutoff k must be >= 1, got " + k);
        }
        if (catalogueSize < 0 || catalogueSize > numItems) {
            throw new IllegalArgumentException("catalogueSize must be in [0, numItems=" + numItems + "], got "
                    + catalogueSize);
        }
        this.numItems = numItems;
        this.k = k;
        this.catalogueSize = catalogueSize;
        this.seen = new long[(numItems + 63) >>> 6];
    }

    /** Records the items {@code ranked[0 .. min(k, ranked.length))}. */
    public void add(int[] ranked) {
        int n = Math.min(k, ranked.length);
        for (int i = 0; i < n; i++) {
            int item = ranked[i];
            if (item < 0 || item >= numItems) {
                throw new IllegalArgumentException("item " + item + " outside [0, " + numItems + ")");
            }
            int w = item >>> 6;
            long bit = 1L << item; // shift uses the low 6 bits
            if ((seen[w] & bit) == 0) {
                seen[w] |= bit;
                distinct++;
            }
        }
    }

    /** Adds everything {@code other} has seen; both must have the same numItems, k and catalogue size. */
    public void merge(CoverageAccumulator other) {
        if (other.numItems != numItems || other.k != k || other.catalogueSize != catalogueSize) {
            throw new IllegalArgumentException("cannot merge coverage (numItems=" + other.numItems + ", k=" + other.k
                    + ", catalogueSize=" + other.catalogueSize + ") into (numItems=" + numItems + ", k=" + k
                    + ", catalogueSize=" + catalogueSize + ")");
        }
        int count = 0;
        for (int w = 0; w < seen.length; w++) {
            seen[w] |= other.seen[w];
            count += Long.bitCount(seen[w]);
        }
        distinct = count;
    }

    /** Distinct items seen divided by the catalogue size; 0 for an empty catalogue. */
    public double value() {
        return catalogueSize == 0 ? 0.0 : distinct / (double) catalogueSize;
    }

    /** Number of distinct items seen in any top k. */
    public int distinctItems() {
        return distinct;
    }

    public int k() {
        return k;
    }
}
