package ai.affinity.engagement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns impressions and clicks attributed to arms into an {@link EngagementReport}: per calendar day
 * (in a given time zone) and arm, the DAU with a recommendation click, impressions, clicks and CTR with
 * a Wilson interval; per arm over the period the same; and a two-proportion z-test of CTR for every pair
 * of arms. Used by the server's engagement endpoint and by the simulator, so both count the same way.
 *
 * <p>Definitions: an impression is one recommended item shown; a click is a click on a recommended item
 * (the caller passes only events attributed to an arm); a user is active on a day for an arm when they
 * clicked at least once that day in that arm. Events may arrive in any order. Not thread-safe; memory is
 * O(distinct (day, arm, user) of clickers).
 */
public final class EngagementAggregator {
    private final ZoneId zone;
    private final double confidence;
    // arm -> day -> counts
    private final Map<String, TreeMap<LocalDate, Counts>> byArm = new TreeMap<>();
    private final Map<String, Set<String>> clickersByArm = new HashMap<>();

    private static final class Counts {
        long impressions;
        long clicks;
        final Set<String> clickers = new HashSet<>();
    }

    /**
     * @param zone       the time zone that defines calendar days
     * @param confidence two-sided confidence of the CTR intervals, e.g. 0.95
     */
    public EngagementAggregator(ZoneId zone, double confidence) {
        if (zone == null) {
            throw new IllegalArgumentException("zone is required");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1); got " + confidence);
        }
        this.zone = zone;
        this.confidence = confidence;
    }

    public void add(EngagementEvent e) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(e.timeMillis()), zone);
        Counts c = byArm.computeIfAbsent(e.arm(), a -> new TreeMap<>()).computeIfAbsent(day, d -> new Counts());
        if (e.kind() == EngagementEvent.Kind.IMPRESSION) {
            c.impressions++;
        } else {
            c.clicks++;
            c.clickers.add(e.userId());
            clickersByArm.computeIfAbsent(e.arm(), a -> new HashSet<>()).add(e.userId());
        }
    }

    public void addAll(Iterable<EngagementEvent> events) {
        for (EngagementEvent e : events) {
            add(e);
        }
    }

    /** The report of everything added so far. */
    public EngagementReport report() {
        List<EngagementReport.ArmDay> days = new ArrayList<>();
        List<EngagementReport.ArmTotal> totals = new ArrayList<>();
        Map<String, long[]> sums = new TreeMap<>();
        for (Map.Entry<String, TreeMap<LocalDate, Counts>> arm : byArm.entrySet()) {
            long imp = 0;
            long clk = 0;
            long dauSum = 0;
            for (Map.Entry<LocalDate, Counts> d : arm.getValue().entrySet()) {
                Counts c = d.getValue();
                days.add(new EngagementReport.ArmDay(d.getKey(), arm.getKey(), c.clickers.size(), c.impressions, c.clicks,
                        rate(c.clicks, c.impressions), interval(c.clicks, c.impressions)));
                imp += c.impressions;
                clk += c.clicks;
                dauSum += c.clickers.size();
            }
            int n = arm.getValue().size();
            long users = clickersByArm.getOrDefault(arm.getKey(), Set.of()).size();
            totals.add(new EngagementReport.ArmTotal(arm.getKey(), users, n == 0 ? 0 : (double) dauSum / n, n, imp, clk,
                    rate(clk, imp), interval(clk, imp)));
            sums.put(arm.getKey(), new long[]{clk, imp});
        }
        days.sort((a, b) -> {
            int c = a.day().compareTo(b.day());
            return c != 0 ? c : a.arm().compareTo(b.arm());
        });
        List<EngagementReport.ArmComparison> comparisons = new ArrayList<>();
        List<String> arms = new ArrayList<>(sums.keySet());
        for (int i = 0; i < arms.size(); i++) {
            for (int j = i + 1; j < arms.size(); j++) {
                long[] a = sums.get(arms.get(i));
                long[] b = sums.get(arms.get(j));
                // More clicks than impressions (lost impressions) would break the binomial model; cap them.
                comparisons.add(new EngagementReport.ArmComparison(arms.get(i), arms.get(j),
                        Proportions.twoProportionTest(Math.min(a[0], a[1]), a[1], Math.min(b[0], b[1]), b[1])));
            }
        }
        return new EngagementReport(days, totals, comparisons);
    }

    private static double rate(long clicks, long impressions) {
        return impressions == 0 ? Double.NaN : (double) clicks / impressions;
    }

    private Proportions.Interval interval(long clicks, long impressions) {
        return Proportions.wilson(Math.min(clicks, impressions), impressions, confidence);
    }
}
