package ai.affinity.model.knn;

import java.util.Locale;

/**
 * How item-kNN rescales each item's kept neighbour row after truncation to the top neighbours.
 * Rescaling a row changes how much one history item can vote in total: {@link #SUM} gives every
 * history item the same total vote (damping items with many strong neighbours, typically popular
 * ones); {@link #MAX} keeps relative weights but makes each row's best neighbour worth 1.
 */
public enum Normalization {
    /** Similarities as computed. */
    NONE,
    /** Each row divided by its sum (rows sum to 1). */
    SUM,
    /** Each row divided by its largest value (best neighbour = 1). */
    MAX;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Normalization parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Rescales {@code values[from..to)} in place; rows whose sum or max is not positive stay as they are. */
    void apply(float[] values, int from, int to) {
        if (this == NONE || to <= from) {
            return;
        }
        double d = 0;
        for (int p = from; p < to; p++) {
            d = this == SUM ? d + values[p] : Math.max(d, values[p]);
        }
        if (d > 0) {
            for (int p = from; p < to; p++) {
                values[p] = (float) (values[p] / d);
            }
        }
    }
}
