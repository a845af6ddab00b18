package ai.affinity.engagement;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Statistics of binomial proportions (click-through rates): the Wilson score interval and the
 * two-proportion z-test. Pure functions, stateless and thread-safe.
 *
 * <p>References: Wilson (1927), "Probable inference, the law of succession, and statistical
 * inference"; the pooled two-proportion z-test equals R's {@code prop.test(..., correct = FALSE)}
 * (its chi-squared statistic is z²).
 */
public final class Proportions {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Proportions() {
    }

    /** A closed interval {@code [lower, upper]}. */
    public record Interval(double lower, double upper) {
    }

    /**
     * Result of a two-sided two-proportion z-test of H0: rateA = rateB.
     *
     * @param successesA successes (clicks) in A
     * @param trialsA    trials (impressions) in A
     * @param successesB successes in B
     * @param trialsB    trials in B
     * @param rateA      successesA / trialsA (NaN when trialsA = 0)
     * @param rateB      successesB / trialsB
     * @param difference rateA - rateB
     * @param z          (rateA - rateB) / pooled standard error; 0 when both rates are 0 or both 1
     * @param pValue     two-sided p-value; NaN when either side has no trials, 1 when z = 0
     */
    public record TwoProportionTest(long successesA, long trialsA, long successesB, long trialsB,
                                    double rateA, double rateB, double difference, double z, double pValue) {
    }

    /**
     * The Wilson score interval of a proportion {@code successes / trials} at the given two-sided
     * confidence (e.g. 0.95). With no trials it is {@code [0, 1]} (nothing is known). Unlike the normal
     * approximation it stays inside [0, 1] and behaves at 0 or {@code trials} successes.
     *
     * @throws IllegalArgumentException when {@code successes} is outside {@code [0, trials]} or the
     *                                  confidence is outside (0, 1)
     */
    public static Interval wilson(long successes, long trials, double confidence) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials; got " + successes + " of " + trials);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1); got " + confidence);
        }
        if (trials == 0) {
            return new Interval(0, 1);
        }
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double center = (p + z2 / (2 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // With 0 (or all) successes the bound is exactly 0 (or 1); rounding would leave 1e-17 off.
        double lower = successes == 0 ? 0 : Math.max(0, center - half);
        double upper = successes == trials ? 1 : Math.min(1, center + half);
        return new Interval(lower, upper);
    }

    /** {@link #wilson(long, long, double)} at 95% confidence. */
    public static Interval wilson95(long successes, long trials) {
        return wilson(successes, trials, 0.95);
    }

    /**
     * Two-sided pooled two-proportion z-test: {@code z = (pA - pB) / sqrt(p(1-p)(1/nA + 1/nB))} with
     * {@code p = (sA + sB) / (nA + nB)}, p-value {@code 2 Φ(-|z|)}.
     *
     * @throws IllegalArgumentException when a success count is negative or above its trials
     */
    public static TwoProportionTest twoProportionTest(long successesA, long trialsA, long successesB, long trialsB) {
        if (successesA < 0 || successesA > trialsA || successesB < 0 || successesB > trialsB) {
            throw new IllegalArgumentException("need 0 <= successes <= trials; got " + successesA + "/" + trialsA
                    + " and " + successesB + "/" + trialsB);
        }
        double rateA = trialsA == 0 ? Double.NaN : (double) successesA / trialsA;
        double rateB = trialsB == 0 ? Double.NaN : (double) successesB / trialsB;
        double diff = rateA - rateB;
        if (trialsA == 0 || trialsB == 0) {
            return new TwoProportionTest(successesA, trialsA, successesB, trialsB, rateA, rateB, diff, Double.NaN, Double.NaN);
        }
        double pooled = (double) (successesA + successesB) / (trialsA + trialsB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        if (se == 0) {
            // Both rates are 0 or both are 1: no evidence of a difference.
            return new TwoProportionTest(successesA, trialsA, successesB, trialsB, rateA, rateB, diff, 0, 1);
        }
        double z = diff / se;
        // 2 * cdf(-|z|) rather than 2 * (1 - cdf(|z|)) keeps small p-values from cancelling to 0.
        double p = Math.min(1.0, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
        return new TwoProportionTest(successesA, trialsA, successesB, trialsB, rateA, rateB, diff, z, p);
    }
}
