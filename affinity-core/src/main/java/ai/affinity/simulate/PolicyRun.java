package ai.affinity.simulate;

/**
 * What one policy did in one seeded simulation, per day {@code 0..days-1}.
 *
 * @param arm         the policy label
 * @param seed        the simulation seed
 * @param users       size of the simulated population (all active on day 0)
 * @param active      daily active users (simulated users who came and requested a list that day)
 * @param clickers    users with at least one click that day: the server's DAU definition (users with a
 *                    recommendation click), so an offline replay of the event log can be checked against it
 * @param impressions items shown
 * @param clicks      items clicked
 * @param fitSeconds  seconds spent fitting (initial fit and refits)
 * @param simSeconds  seconds of the whole run including fits
 * @param refitDays   days at the start of which the model was refitted (scheduled or by the monitor)
 * @param alarmDays   days whose CTR made the drift monitor fire (the refit follows the next day)
 */
public record PolicyRun(String arm, long seed, int users, int[] active, int[] clickers, long[] impressions, long[] clicks,
                        double fitSeconds, double simSeconds, int[] refitDays, int[] alarmDays) {
    public int days() {
        return active.length;
    }

    /** Clicks / impressions on {@code day} (NaN without impressions). */
    public double ctr(int day) {
        return impressions[day] == 0 ? Double.NaN : (double) clicks[day] / impressions[day];
    }

    /** Fraction of the day-0 users active on {@code day}. */
    public double retention(int day) {
        return (double) active[day] / users;
    }

    /** Clicks / impressions over all days. */
    public double overallCtr() {
        long i = 0;
        long c = 0;
        for (int d = 0; d < active.length; d++) {
            i += impressions[d];
            c += clicks[d];
        }
        return i == 0 ? Double.NaN : (double) c / i;
    }

    /** Mean daily active users over all days. */
    public double meanDau() {
        double s = 0;
        for (int a : active) {
            s += a;
        }
        return s / active.length;
    }

    /** Total clicks. */
    public long totalClicks() {
        long c = 0;
        for (long v : clicks) {
            c += v;
        }
        return c;
    }
}
