package ai.affinity.simulate;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.model.als.IalsModel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ground truth a simulation runs against: every user's true taste (a vector that drifts from a
 * start towards a target), every item's true factors, when each item becomes available, and the
 * history users had before day 0 (what policies are first trained on).
 *
 * <p>True affinity of user {@code u} for item {@code i} on day {@code d}:
 * <pre>
 *   taste_u(d) = (1 - a_d) * start_u + a_d * target_u,   a_d = min(1, d * driftPerDay)
 *   affinity   = taste_u(d) . item_i,                    z = (affinity - mean) / sd
 * </pre>
 * with {@code mean} and {@code sd} measured once over 20,000 random (user, item) pairs at day 0, so
 * {@code z} is comparable across worlds ({@link ChoiceModel} reads {@code z}).
 *
 * <p>Two sources: {@link #synthetic} (the generator's own latent tastes and item factors, cut at a
 * point of its time line: what happened before is the history, items that arrive later arrive
 * during the simulation, tastes keep drifting towards the generator's end tastes) and {@link #fitted}
 * (user and item vectors of an iALS model fitted on real data; the latest-arriving items are held
 * back and arrive during the simulation; each user drifts towards another user's taste).
 * Immutable once built; arrays are shared, not copied.
 */
public final class World {
    private static final int STANDARDIZE_PAIRS = 20_000;

    private final String name;
    private final String truth;
    private final Dataset dataset;
    private final Interactions initial;
    private final float[][] userStart;
    private final float[][] userTarget;
    private final float[][] itemFactors;
    private final int[] arrivalDay;
    private final long startEpochSecond;
    private final double defaultDriftPerDay;
    private final double mean;
    private final double sd;

    World(String name, String truth, Dataset dataset, Interactions initial, float[][] userStart, float[][] userTarget,
          float[][] itemFactors, int[] arrivalDay, long startEpochSecond, double defaultDriftPerDay, long seed) {
        this.name = name;
        this.truth = truth;
        this.dataset = dataset;
        this.initial = initial;
        this.userStart = userStart;
        this.userTarget = userTarget;
        this.itemFactors = itemFactors;
        this.arrivalDay = arrivalDay;
        // Day 0 starts at the first UTC midnight at or after the cut, so simulated day d is one UTC calendar day
        // and a replay through the server's engagement report (UTC days) buckets events the same way.
        this.startEpochSecond = Math.floorDiv(startEpochSecond + 86_399L, 86_400L) * 86_400L;
        this.defaultDriftPerDay = defaultDriftPerDay;
        if (userStart.length != initial.numUsers() || itemFactors.length != initial.numItems()
                || arrivalDay.length != itemFactors.length || userTarget.length != userStart.length) {
            throw new IllegalArgumentException("world dimensions disagree: " + userStart.length + " users, "
                    + itemFactors.length + " items, history " + initial.numUsers() + " x " + initial.numItems());
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double s = 0;
        double ss = 0;
        for (int p = 0; p < STANDARDIZE_PAIRS; p++) {
            double a = dot(userStart[rng.nextInt(userStart.length)], itemFactors[rng.nextInt(itemFactors.length)]);
            s += a;
            ss += a * a;
        }
        this.mean = s / STANDARDIZE_PAIRS;
        double var = ss / STANDARDIZE_PAIRS - mean * mean;
        this.sd = var > 1e-12 ? Math.sqrt(var) : 1.0;
    }

    /**
     * The synthetic generator's world for {@code cfg} and {@code seed}, cut at {@code cutProgress} of
     * its span: events before the cut are the history; the generator's tastes at the cut are the start
     * and its end tastes the target, so by default tastes keep drifting at the generator's own speed
     * ({@code driftPerDay = 1 / remaining days}); items that appear after the cut arrive on the day the
     * generator gave them.
     */
    public static World synthetic(SyntheticConfig cfg, long seed, double cutProgress) {
        if (!(cutProgress > 0 && cutProgress < 1)) {
            throw new IllegalArgumentException("cutProgress must be in (0, 1), got " + cutProgress);
        }
        SyntheticGenerator.Result truth = SyntheticGenerator.generateWithTruth(cfg.withMedia(false), seed);
        Dataset ds = truth.dataset();
        long cut = cfg.startEpochSecond() + (long) (cutProgress * cfg.spanSeconds());
        Interactions x = ds.interactions();
        Interactions.Builder b = x.derive();
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                if (x.timestamp(p) < cut) {
                    b.add(u, x.item(p), x.value(p), x.timestamp(p));
                }
            }
        }
        float[][] start = new float[x.numUsers()][];
        for (int u = 0; u < start.length; u++) {
            start[u] = truth.userTasteAt(u, cut);
        }
        int[] arrival = new int[x.numItems()];
        for (int i = 0; i < arrival.length; i++) {
            long fs = ds.items().get(i).firstSeen();
            arrival[i] = fs == Long.MIN_VALUE || fs < cut ? 0 : (int) ((fs - cut) / 86_400L) + 1;
        }
        double remainingDays = (1 - cutProgress) * cfg.spanDays();
        String desc = "latent tastes and item factors of the synthetic generator (" + cfg.name() + ", seed " + seed
                + "), cut at " + Math.round(cutProgress * 100) + "% of its " + cfg.spanDays() + "-day span";
        return new World(ds.name(), desc, ds, b.build(), start, truth.userEndTaste(), truth.itemFactors(), arrival, cut,
                1.0 / remainingDays, seed);
    }

    /**
     * A world whose truth is a fitted iALS model on real data: user and item vectors are the model's.
     * The {@code newItemFraction} of items whose first event is latest are held back from the history
     * and arrive evenly over days {@code 1..days-1}; each user drifts towards the start taste of
     * another user (a seeded random permutation), by default 1% of the way a day.
     */
    public static World fitted(Dataset ds, IalsModel model, double newItemFraction, int days, long seed) {
        if (!(newItemFraction >= 0 && newItemFraction < 1)) {
            throw new IllegalArgumentException("newItemFraction must be in [0, 1), got " + newItemFraction);
        }
        Interactions x = ds.interactions();
        if (model.numUsers() != x.numUsers() || model.numItems() != x.numItems()) {
            throw new IllegalArgumentException("world model is " + model.numUsers() + " x " + model.numItems()
                    + " but the data set is " + x.numUsers() + " x " + x.numItems());
        }
        int ni = x.numItems();
        long[] first = new long[ni];
        Arrays.fill(first, Long.MAX_VALUE);
        for (int p = 0; p < x.numEvents(); p++) {
            first[x.item(p)] = Math.min(first[x.item(p)], x.timestamp(p));
        }
        Integer[] order = new Integer[ni];
        for (int i = 0; i < ni; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> first[a] != first[b] ? Long.compare(first[a], first[b]) : Integer.compare(a, b));
        int numNew = (int) Math.round(newItemFraction * ni);
        int[] arrival = new int[ni];
        int arrivalDays = Math.max(1, days - 1);
        for (int r = 0; r < numNew; r++) {
            int item = order[ni - numNew + r];
            arrival[item] = 1 + (int) ((long) r * arrivalDays / numNew);
        }
        Interactions.Builder b = x.derive();
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                if (arrival[x.item(p)] == 0) {
                    b.add(u, x.item(p), x.value(p), x.timestamp(p));
                }
            }
        }
        float[][] start = new float[x.numUsers()][];
        for (int u = 0; u < start.length; u++) {
            start[u] = model.userVector(u);
        }
        float[][] items = new float[ni][];
        for (int i = 0; i < ni; i++) {
            items[i] = model.itemVector(i);
        }
        int[] perm = permutation(start.length, new SplittableRandom(seed));
        float[][] target = new float[start.length][];
        for (int u = 0; u < start.length; u++) {
            target[u] = start[perm[u]];
        }
        String desc = "iALS fitted on " + ds.name() + " (" + model.factors() + " factors); " + numNew
                + " latest items held back as arriving items; policies of the same family as the world model "
                + "(iALS, other factor models) share its structure and so have an advantage over other models";
        long now = x.maxTimestamp() + 86_400L;
        return new World(ds.name(), desc, ds, b.build(), start, target, items, arrival, now, 0.01, seed);
    }

    public String name() {
        return name;
    }

    /** Where the true preferences come from, in words. */
    public String truth() {
        return truth;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Events before day 0, indexed like the data set; policies are first fitted on these. */
    public Interactions initial() {
        return initial;
    }

    public int numUsers() {
        return userStart.length;
    }

    public int numItems() {
        return itemFactors.length;
    }

    public int dim() {
        return itemFactors[0].length;
    }

    /** Day on which {@code item} becomes available (0: from the start). */
    public int arrivalDay(int item) {
        return arrivalDay[item];
    }

    /** Items available on {@code day}, ascending. */
    public int[] availableItems(int day) {
        int n = 0;
        for (int a : arrivalDay) {
            if (a <= day) {
                n++;
            }
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < arrivalDay.length; i++) {
            if (arrivalDay[i] <= day) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** Time of the start of day 0 (seconds since the epoch). */
    public long startEpochSecond() {
        return startEpochSecond;
    }

    /** The drift speed natural to this world (fraction of the way from start to target per day). */
    public double defaultDriftPerDay() {
        return defaultDriftPerDay;
    }

    public double affinityMean() {
        return mean;
    }

    public double affinitySd() {
        return sd;
    }

    /** Writes {@code taste_u(day)} into {@code out}. */
    public void tasteAt(int user, int day, double driftPerDay, float[] out) {
        float a = (float) Math.min(1.0, Math.max(0.0, day * driftPerDay));
        float[] s = userStart[user];
        float[] e = userTarget[user];
        for (int d = 0; d < out.length; d++) {
            out[d] = (1 - a) * s[d] + a * e[d];
        }
    }

    /** Standardised affinity of a taste vector for {@code item}. */
    public double z(float[] taste, int item) {
        return (dot(taste, itemFactors[item]) - mean) / sd;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
