package ai.affinity.model.knn;

import java.util.Locale;

/**
 * How a dot product between two sparse vectors (two items' user columns, or two users' item rows)
 * becomes a similarity, with shrinkage {@code shrink} added to the denominator (Koren's shrinkage:
 * pairs that share few users are pulled towards 0). Side {@code a} is the one being predicted for
 * (the candidate item in item-kNN, the query user in user-kNN), side {@code b} the one that votes
 * (the history item, the neighbour user); only {@link #ASYMMETRIC} tells them apart.
 *
 * <p>Arguments are squared L2 norms; with binary weights they are the counts {@code |U_i|}.
 */
public enum Similarity {
    /** {@code dot / (‖a‖·‖b‖ + shrink)}. */
    COSINE,
    /**
     * Aiolli's asymmetric cosine (Aiolli 2013, "Efficient top-N recommendation for very large scale
     * binary rated datasets"): {@code dot / (‖a‖^(2α)·‖b‖^(2(1−α)) + shrink)}. α = 0.5 is the cosine;
     * with binary weights α = 0 is the conditional probability P(a | b).
     */
    ASYMMETRIC,
    /**
     * Jaccard (Tanimoto for real weights): {@code dot / (‖a‖² + ‖b‖² − dot + shrink)}; with binary
     * weights {@code |A ∩ B| / |A ∪ B|}.
     */
    JACCARD;

    /** Lower-case command-line name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Similarity parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /**
     * The similarity; 0 when the denominator is not positive (an empty vector). Equal to
     * {@code fromFactors(dot, factorA(sqNormA, alpha), factorB(sqNormB, alpha), shrink)}.
     *
     * @param dot     the dot product of a and b
     * @param sqNormA squared norm of the predicted-for side
     * @param sqNormB squared norm of the voting side
     * @param alpha   exponent of {@link #ASYMMETRIC} (ignored by the others)
     * @param shrink  non-negative shrinkage
     */
    public double of(double dot, double sqNormA, double sqNormB, double alpha, double shrink) {
        return fromFactors(dot, factorA(sqNormA, alpha), factorB(sqNormB, alpha), shrink);
    }

    /**
     * The per-vector part of the denominator for side a, so hot loops compute each power once per
     * vector rather than once per pair: the norm (cosine), {@code ‖a‖^(2α)} (asymmetric) or the
     * squared norm (Jaccard).
     */
    public double factorA(double sqNorm, double alpha) {
        return switch (this) {
            case COSINE -> Math.sqrt(sqNorm);
            case ASYMMETRIC -> Math.pow(sqNorm, alpha);
            case JACCARD -> sqNorm;
        };
    }

    /** As {@link #factorA} for side b: {@code ‖b‖^(2(1−α))} for the asymmetric cosine. */
    public double factorB(double sqNorm, double alpha) {
        return this == ASYMMETRIC ? Math.pow(sqNorm, 1 - alpha) : factorA(sqNorm, alpha);
    }

    /** The similarity from the dot product and the two sides' {@link #factorA}/{@link #factorB}. */
    public double fromFactors(double dot, double factorA, double factorB, double shrink) {
        double denominator = (this == JACCARD ? factorA + factorB - dot : factorA * factorB) + shrink;
        return denominator > 0 ? dot / denominator : 0;
    }
}
