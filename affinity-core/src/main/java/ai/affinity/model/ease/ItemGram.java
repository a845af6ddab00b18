package ai.affinity.model.ease;

import ai.affinity.data.Interactions;
import ai.affinity.math.Parallel;

/**
 * The dense item-item Gram matrix {@code G = XᵀX} of a users × items interaction matrix, built
 * straight from the sparse events: row {@code i} of {@code G} is the sum of the rows of the users
 * who have item {@code i}, so each worker owns whole rows (read through the by-item view) and no
 * two workers write the same memory. Work is {@code Σ_u n_u² / 2} multiply-adds over users'
 * event counts {@code n_u}; memory is the {@code m × m} result only.
 *
 * <p>Items are mapped to dense "slots" {@code 0..m-1} (for instance only the items with events),
 * so that items without events cost nothing.
 */
public final class ItemGram {
    private static final int ROWS_PER_TASK = 32;

    private ItemGram() {
    }

    /**
     * The lower triangle (with the diagonal) of {@code G = XᵀX} over slots, row-major
     * {@code m × m}; the strict upper triangle is zero.
     *
     * @param x       the interactions
     * @param slot    slot of each item ({@code -1}: left out), length {@code x.numItems()}
     * @param items   item of each slot, length {@code m}
     * @param binary  whether each event counts as 1 (else its value)
     * @param par     the worker pool
     */
    public static double[] lower(Interactions x, int[] slot, int[] items, boolean binary, Parallel par) {
        int m = items.length;
        if ((long) m * m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense " + m + "x" + m + " Gram matrix does not fit in one Java array");
        }
        double[] g = new double[m * m];
        Interactions.ItemView byItem = x.byItem();
        par.forEach((m + ROWS_PER_TASK - 1) / ROWS_PER_TASK, t -> {
            int s1 = Math.min(m, (t + 1) * ROWS_PER_TASK);
            for (int s = t * ROWS_PER_TASK; s < s1; s++) {
                int item = items[s];
                int row = s * m;
                for (int q = byItem.start(item); q < byItem.end(item); q++) {
                    int u = byItem.user(q);
                    double wi = binary ? 1.0 : byItem.value(q);
                    for (int p = x.start(u); p < x.end(u); p++) {
                        int sj = slot[x.item(p)];
                        if (sj >= 0 && sj <= s) {
                            g[row + sj] += binary ? 1.0 : wi * x.value(p);
                        }
                    }
                }
            }
        });
        return g;
    }
}
