package ai.affinity.simulate;

/**
 * How a simulated user clicks on a shown list: the position-based click model (PBM; Craswell et al.
 * 2008, Chuklin et al. "Click Models for Web Search" 2015, §3.4) with a logistic attractiveness.
 * <pre>
 *   P(click on the item at position r) = examination(r) * attractiveness(z)
 *   examination(r)     = r^(-eta)                       (r = 1 for the top slot; Joachims et al. 2017)
 *   attractiveness(z)  = 1 / (1 + exp(-beta * (z - tau)))
 * </pre>
 * where {@code z} is the user's true affinity for the item, standardised over the world's
 * (user, item) pairs (mean 0, standard deviation 1), so the same parameters mean the same thing in
 * every world. Positions are examined and clicked independently: several clicks per list are possible.
 * Defaults ({@code beta = 2, tau = 2, eta = 1}): an average item ({@code z = 0}) at the top is clicked
 * with probability 1.8%, an item two standard deviations above average with 50%, and position 2 is
 * examined half as often as position 1.
 *
 * @param beta slope of attractiveness in standardised affinity, > 0
 * @param tau  standardised affinity at which an examined item is clicked half the time
 * @param eta  decay exponent of examination with rank, >= 0 (0: every position examined)
 */
public record ChoiceModel(double beta, double tau, double eta) {
    public static final ChoiceModel DEFAULT = new ChoiceModel(2.0, 2.0, 1.0);

    public ChoiceModel {
        if (!(beta > 0) || !Double.isFinite(tau) || !(eta >= 0) || Double.isInfinite(beta) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("choice model needs beta > 0, finite tau and eta >= 0; got beta=" + beta
                    + ", tau=" + tau + ", eta=" + eta);
        }
    }

    /** Probability that position {@code position} (1-based) is examined. */
    public double examination(int position) {
        if (position < 1) {
            throw new IllegalArgumentException("position is 1-based, got " + position);
        }
        return Math.pow(position, -eta);
    }

    /** Probability that an examined item with standardised affinity {@code z} is clicked. */
    public double attractiveness(double z) {
        return 1.0 / (1.0 + Math.exp(-beta * (z - tau)));
    }

    /** Click probability of an item with standardised affinity {@code z} shown at {@code position} (1-based). */
    public double clickProbability(double z, int position) {
        return examination(position) * attractiveness(z);
    }
}
