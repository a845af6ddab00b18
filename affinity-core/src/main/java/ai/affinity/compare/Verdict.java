package ai.affinity.compare;

import java.util.Locale;

/**
 * The one-sentence verdict of a paired comparison, computed from the numbers only: a side wins when
 * the paired test's p-value is below {@code alpha} (and then the side with the higher mean wins);
 * otherwise there is no significant difference. A NaN p-value (fewer than two paired users, or every
 * difference zero) never counts as significant.
 *
 * <p>The margin is relative to the loser: {@code (winner - loser) / loser}, so "deep wins by 20%"
 * means deep's mean is 1.2 times traditional's. When the loser's mean is 0 the relative margin is
 * undefined and the sentence gives the absolute difference instead.
 *
 * @param metric             the metric compared, e.g. {@code "ndcg@10"}
 * @param outcome            who won
 * @param challenger         the side tested against the reference (deep, or the full model in an ablation)
 * @param reference          the reference side (traditional, or the model without one input)
 * @param relativeDifference {@code (challenger - reference) / reference}, NaN when the reference mean is 0
 * @param pValue             two-sided p-value of the paired test, NaN when it could not be computed
 * @param alpha              significance threshold used
 * @param sentence           e.g. {@code "deep wins by 12.3% (p=0.004): sasrec 0.2310 vs ease 0.2057 ndcg@10"}
 */
public record Verdict(String metric, Outcome outcome, Side challenger, Side reference, double relativeDifference,
                      double pValue, double alpha, String sentence) {
    /** Significance threshold unless told otherwise. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** Who won. */
    public enum Outcome {
        CHALLENGER_WINS, NO_DIFFERENCE, REFERENCE_WINS
    }

    /**
     * One side of a comparison.
     *
     * @param label what the side stands for in the sentence, e.g. "deep" or "traditional"
     * @param name  the method, e.g. "sasrec"
     * @param mean  its mean of the metric over users
     */
    public record Side(String label, String name, double mean) {
    }

    /** The verdict for {@code challenger} against {@code reference} on {@code metric}. */
    public static Verdict decide(String metric, Side challenger, Side reference, double pValue, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        double c = challenger.mean();
        double r = reference.mean();
        double relative = r != 0 && Double.isFinite(r) && Double.isFinite(c) ? (c - r) / Math.abs(r) : Double.NaN;
        boolean significant = Double.isFinite(pValue) && pValue < alpha && Double.isFinite(c) && Double.isFinite(r)
                && c != r;
        Outcome outcome = !significant ? Outcome.NO_DIFFERENCE
                : c > r ? Outcome.CHALLENGER_WINS : Outcome.REFERENCE_WINS;
        String head = switch (outcome) {
            case NO_DIFFERENCE -> "no significant difference";
            case CHALLENGER_WINS -> challenger.label() + " wins by " + margin(c, r);
            case REFERENCE_WINS -> reference.label() + " wins by " + margin(r, c);
        };
        String sentence = head + " (" + formatP(pValue) + "): " + challenger.name() + " " + num(c) + " vs "
                + reference.name() + " " + num(r) + " " + metric;
        return new Verdict(metric, outcome, challenger, reference, relative, pValue, alpha, sentence);
    }

    /** The outcome in words with the side labels, e.g. {@code "deep wins"}. */
    public String outcomeText() {
        return switch (outcome) {
            case NO_DIFFERENCE -> "no significant difference";
            case CHALLENGER_WINS -> challenger.label() + " wins";
            case REFERENCE_WINS -> reference.label() + " wins";
        };
    }

    /** {@code "p<0.001"}, {@code "p=0.0123"} (three significant digits) or {@code "p=n/a"}. */
    public static String formatP(double p) {
        if (!Double.isFinite(p)) {
            return "p=n/a";
        }
        if (p < 0.001) {
            return "p<0.001";
        }
        return "p=" + new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", p)).stripTrailingZeros()
                .toPlainString();
    }

    /** The winner's margin over the loser: relative when the loser is positive, else absolute. */
    private static String margin(double winner, double loser) {
        if (loser > 0) {
            return String.format(Locale.ROOT, "%.1f%%", 100 * (winner - loser) / loser);
        }
        return String.format(Locale.ROOT, "%.4f (absolute; the other side scored %s)", winner - loser, num(loser));
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }
}
