package ai.affinity.engagement;

import java.time.LocalDate;
import java.util.List;

/**
 * Engagement per day and arm, per arm over the whole period, and tests between arms.
 *
 * @param days        one row per (day, arm) with any event, ordered by day then arm
 * @param arms        one row per arm over the whole period, ordered by arm
 * @param comparisons one row per pair of arms (a before b by name), testing their CTRs
 */
public record EngagementReport(List<ArmDay> days, List<ArmTotal> arms, List<ArmComparison> comparisons) {
    public EngagementReport {
        days = List.copyOf(days);
        arms = List.copyOf(arms);
        comparisons = List.copyOf(comparisons);
    }

    /**
     * One arm on one day.
     *
     * @param day         calendar day in the aggregator's time zone
     * @param arm         arm name
     * @param activeUsers distinct users with at least one click on a recommendation that day (DAU)
     * @param impressions recommended items shown
     * @param clicks      clicks on recommended items
     * @param ctr         clicks / impressions, NaN without impressions
     * @param ctrInterval Wilson interval of the CTR (of min(clicks, impressions) when clicks exceed impressions)
     */
    public record ArmDay(LocalDate day, String arm, long activeUsers, long impressions, long clicks, double ctr,
                         Proportions.Interval ctrInterval) {
    }

    /**
     * One arm over the whole period.
     *
     * @param activeUsers       distinct users with a click over the whole period
     * @param meanDailyActive   mean of the daily DAU over the days the arm had any event
     * @param days              days with any event for this arm
     */
    public record ArmTotal(String arm, long activeUsers, double meanDailyActive, int days, long impressions, long clicks,
                           double ctr, Proportions.Interval ctrInterval) {
    }

    /** A two-proportion test of the CTR of arm {@code a} against arm {@code b}. */
    public record ArmComparison(String armA, String armB, Proportions.TwoProportionTest test) {
    }
}
