package ai.affinity.eval;

/**
 * A paired comparison of a model with a baseline on one metric over the same users.
 *
 * @param meanDifference mean of (model - baseline) over users
 * @param pValue         two-sided p-value of the paired test
 * @param test           name of the test, e.g. "paired t-test"
 */
public record Comparison(String model, String baseline, String metric, double meanDifference, double pValue,
                         String test) {
}
