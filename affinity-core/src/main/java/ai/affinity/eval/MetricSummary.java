package ai.affinity.eval;

/**
 * A metric's mean over evaluated users with its 95% bootstrap confidence interval. For system-level
 * metrics (catalogue coverage) there is one value and the interval is null ({@code ciLow = ciHigh = NaN}).
 */
public record MetricSummary(double mean, double ciLow, double ciHigh, int n) {
    public boolean hasCi() {
        return !Double.isNaN(ciLow);
    }
}
