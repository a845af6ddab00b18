package ai.affinity.simulate;

/**
 * Whether a simulated user comes back tomorrow. Satisfaction is yesterday's clicks:
 * <pre>
 *   P(active on day d+1 | active on day d, c clicks on day d) = 1 / (1 + exp(-(gamma0 + gamma1 * ln(1 + c))))
 *   P(active on day d+1 | not active on day d)                = reactivation
 * </pre>
 * Defaults ({@code gamma0 = 0, gamma1 = 1, reactivation = 0.1}): then {@code P = (1 + c) / (2 + c)}, so
 * a user with no click returns with probability 1/2, one click 2/3, three clicks 4/5; a lapsed user
 * comes back with 10% a day. The log makes the first click count most (diminishing returns of
 * satisfaction). In the long run the active share is {@code r / (1 - p + r)}: 1/6 for users who never
 * click, 1/3 for users with three clicks a visit.
 *
 * @param gamma0       log-odds of returning after a visit without clicks
 * @param gamma1       increase of the log-odds per unit of {@code ln(1 + clicks)}, >= 0
 * @param reactivation daily probability that an inactive user comes back, in [0, 1]
 */
public record ReturnModel(double gamma0, double gamma1, double reactivation) {
    public static final ReturnModel DEFAULT = new ReturnModel(0.0, 1.0, 0.1);

    public ReturnModel {
        if (!Double.isFinite(gamma0) || !(gamma1 >= 0) || Double.isInfinite(gamma1)
                || !(reactivation >= 0 && reactivation <= 1)) {
            throw new IllegalArgumentException("return model needs finite gamma0, gamma1 >= 0 and reactivation in "
                    + "[0, 1]; got gamma0=" + gamma0 + ", gamma1=" + gamma1 + ", reactivation=" + reactivation);
        }
    }

    /** Probability of being active tomorrow given today's activity and clicks. */
    public double returnProbability(boolean activeToday, int clicksToday) {
        if (!activeToday) {
            return reactivation;
        }
        if (clicksToday < 0) {
            throw new IllegalArgumentException("clicks must be >= 0, got " + clicksToday);
        }
        return 1.0 / (1.0 + Math.exp(-(gamma0 + gamma1 * Math.log1p(clicksToday))));
    }
}
