package ai.affinity.model.mf;

import java.util.SplittableRandom;

/**
 * Walker's alias method (Vose's construction): draws index {@code i} with probability
 * {@code weights[i] / sum(weights)} in O(1) time per draw, after O(n) setup. Immutable and
 * thread-safe; each caller passes its own random source. Public so that other samplers of
 * negatives (the deep models' trainers) reuse it.
 */
public final class AliasSampler {
    private final double[] prob;
    private final int[] alias;

    AliasSampler(double[] prob, int[] alias) {
        if (prob.length != alias.length || prob.length == 0) {
            throw new IllegalArgumentException("alias table needs equal, non-zero lengths; got " + prob.length
                    + " and " + alias.length);
        }
        this.prob = prob;
        this.alias = alias;
    }

    /**
     * Builds the table.
     *
     * @param weights non-negative finite weights, at least one positive
     */
    public static AliasSampler of(double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight " + i + " must be finite and >= 0, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        double[] prob = new double[n];
        int[] alias = new int[n];
        double[] scaled = new double[n];
        // Work lists of indexes whose scaled weight is below / at least the average (1).
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            prob[s] = scaled[s];
            alias[s] = l;
            // The large column gives away what fills the small one up to 1.
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        // Leftovers are 1 up to rounding error: they keep their own column entirely.
        while (nl > 0) {
            int l = large[--nl];
            prob[l] = 1.0;
            alias[l] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            prob[s] = 1.0;
            alias[s] = s;
        }
        return new AliasSampler(prob, alias);
    }

    public int size() {
        return prob.length;
    }

    public int sample(SplittableRandom rng) {
        int column = rng.nextInt(prob.length);
        return rng.nextDouble() < prob[column] ? column : alias[column];
    }

    /** The probability of drawing {@code i} implied by the table (for tests; O(n)). */
    double probability(int i) {
        double p = prob[i];
        for (int c = 0; c < prob.length; c++) {
            if (alias[c] == i && c != i) {
                p += 1.0 - prob[c];
            }
        }
        return p / prob.length;
    }

    double[] prob() {
        return prob;
    }

    int[] alias() {
        return alias;
    }
}
