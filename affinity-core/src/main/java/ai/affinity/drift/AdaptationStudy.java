package ai.affinity.drift;

import ai.affinity.data.Dataset;
import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.eval.MetricSummary;
import ai.affinity.metric.Bootstrap;
import ai.affinity.metric.RankingMetrics;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TopK;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.util.Progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Adapting to change, measured": how a model's accuracy evolves over time on data whose tastes drift,
 * depending on how it keeps up.
 *
 * <p>Protocol. Events before {@code trainFraction} of the time span are the training period; the rest
 * is cut into {@code windows} equal time windows. For window {@code w} (start {@code t_w}) a user with
 * events both before the cut and in the window is a test user (users who joined later are a cold-user
 * question, which would blur the drift one: a static model knows nothing about them); the relevant items are the window's items the user had not
 * seen before {@code t_w}; every item is ranked (full ranking) and everything the user consumed before
 * {@code t_w} is excluded. Variants of each model:
 * <ul>
 *   <li>{@code static}: fitted once on the training period and queried as of the end of it (trained
 *   user index, history up to the training cut): the model and what it knows about users are frozen.</li>
 *   <li>{@code fresh-history}: the same fit, queried without the user index and with the full history
 *   up to {@code t_w}, so the model reads fresh events (iALS folds them in, SASRec reads them).</li>
 *   <li>{@code incremental}: refitted on all events before {@code t_w} at the start of every window.</li>
 *   <li>{@code monitored} (when {@code monitor} is on): the static variant watched by a
 *   {@link DriftMonitor} on its daily hit rate (a {@link PageHinkley} test for a decrease), refitted on
 *   all events so far only when the monitor flags drift.</li>
 * </ul>
 * Per window: NDCG@k, recall@k and hit@k means with percentile bootstrap 95% CIs over test users
 * ({@link Bootstrap}). Deterministic for a seed; fits use {@code threads} threads.
 */
public final class AdaptationStudy {
    /** Days with fewer test users than this are not fed to the drift monitor. */
    public static final int MIN_DAILY_USERS = 20;
    /**
     * @param trainFraction share of the time span used for the first fit, in (0, 1)
     * @param windows       number of evaluation windows after it, >= 1
     * @param k             list length, >= 1
     * @param seed          seed of fits and bootstrap
     * @param threads       fit threads
     * @param monitor       also run the drift-monitored variant (needs daily evaluation, slower)
     * @param detectorDelta Page-Hinkley delta on the daily hit rate
     * @param detectorLambda Page-Hinkley lambda on the daily hit rate
     */
    public record Options(double trainFraction, int windows, int k, long seed, int threads, boolean monitor,
                          double detectorDelta, double detectorLambda) {
        public Options {
            if (!(trainFraction > 0 && trainFraction < 1) || windows < 1 || k < 1 || threads < 1) {
                throw new IllegalArgumentException("adaptation study needs trainFraction in (0, 1), windows, k and "
                        + "threads >= 1; got " + trainFraction + ", " + windows + ", " + k + ", " + threads);
            }
        }

        public static Options defaults(long seed) {
            return new Options(0.5, 6, 10, seed, Runtime.getRuntime().availableProcessors(), true, 0.005, 1.0);
        }
    }

    /** One variant's metric per window: {@code metrics.get(name)[w]}. */
    public record Series(String model, String variant, List<Map<String, MetricSummary>> windows, List<Integer> refitDays) {
    }

    /** The windows' time bounds and the series. {@code alarmDays}: days (from the cut) the monitor fired. */
    public record Result(String dataset, long cut, long[] windowStart, long[] windowEnd, List<Series> series,
                         Map<String, List<Integer>> alarmDays, Map<String, double[]> dailyHit) {
    }

    private final Dataset dataset;
    private final Options options;
    private final PrintStream log;
    private boolean[] warm;

    public AdaptationStudy(Dataset dataset, Options options, PrintStream log) {
        this.dataset = dataset;
        this.options = options;
        this.log = log;
    }

    public Result run(List<String> modelSpecs) {
        Interactions x = dataset.interactions();
        long t0 = x.minTimestamp();
        long t1 = x.maxTimestamp() + 1;
        long cut = t0 + (long) (options.trainFraction() * (t1 - t0));
        int nw = options.windows();
        long[] ws = new long[nw];
        long[] we = new long[nw];
        for (int w = 0; w < nw; w++) {
            ws[w] = cut + (t1 - cut) * w / nw;
            we[w] = cut + (t1 - cut) * (w + 1) / nw;
        }
        Interactions train = before(x, cut);
        warm = new boolean[x.numUsers()];
        for (int u = 0; u < x.numUsers(); u++) {
            warm[u] = train.userCount(u) > 0;
        }
        List<Series> out = new ArrayList<>();
        Map<String, List<Integer>> alarms = new LinkedHashMap<>();
        Map<String, double[]> daily = new LinkedHashMap<>();
        for (String spec : modelSpecs) {
            Model fitted = fit(spec, train);
            List<Map<String, MetricSummary>> stat = new ArrayList<>();
            List<Map<String, MetricSummary>> fresh = new ArrayList<>();
            List<Map<String, MetricSummary>> inc = new ArrayList<>();
            List<Integer> incDays = new ArrayList<>();
            for (int w = 0; w < nw; w++) {
                stat.add(evaluate(fitted, cut, false, ws[w], we[w]));
                fresh.add(evaluate(fitted, ws[w], true, ws[w], we[w]));
                Model m = w == 0 ? fitted : fit(spec, before(x, ws[w]));
                incDays.add((int) ((ws[w] - cut) / 86_400L));
                inc.add(evaluate(m, ws[w], false, ws[w], we[w]));
                if (log != null) {
                    log.printf("adapt %s window %d/%d: ndcg@%d static %.4f, fresh-history %.4f, incremental %.4f%n", spec,
                            w + 1, nw, options.k(), stat.get(w).get("ndcg").mean(), fresh.get(w).get("ndcg").mean(),
                            inc.get(w).get("ndcg").mean());
                }
            }
            out.add(new Series(spec, "static", stat, List.of(0)));
            out.add(new Series(spec, "fresh-history", fresh, List.of(0)));
            out.add(new Series(spec, "incremental", inc, incDays));
            if (options.monitor()) {
                List<Integer> refits = new ArrayList<>();
                refits.add(0);
                double[] hits = monitored(spec, fitted, cut, t1, refits);
                daily.put(spec, hits);
                List<Integer> alarmDays = new ArrayList<>(refits.subList(1, refits.size()));
                alarms.put(spec, alarmDays);
                List<Map<String, MetricSummary>> mon = new ArrayList<>();
                for (int w = 0; w < nw; w++) {
                    // The model in force at the window start: the last refit on or before it.
                    int day = (int) ((ws[w] - cut) / 86_400L);
                    int last = 0;
                    for (int r : refits) {
                        if (r <= day) {
                            last = r;
                        }
                    }
                    long refitTime = cut + last * 86_400L;
                    Model m = last == 0 ? fitted : fit(spec, before(x, refitTime));
                    mon.add(evaluate(m, refitTime, false, ws[w], we[w]));
                }
                out.add(new Series(spec, "monitored", mon, refits));
                if (log != null) {
                    log.printf("adapt %s: drift monitor fired on day(s) %s after the cut%n", spec, alarmDays);
                }
            }
        }
        return new Result(dataset.name(), cut, ws, we, out, alarms, daily);
    }

    /**
     * Day by day after the cut: hit rate of the model in force on that day's users (days with at least
     * {@link #MIN_DAILY_USERS} test users); feeds a
     * Page-Hinkley monitor whose callback refits the model on everything so far. Returns the daily hit
     * rates (NaN on days without test users) and appends refit days to {@code refits}.
     */
    private double[] monitored(String spec, Model first, long cut, long end, List<Integer> refits) {
        Interactions x = dataset.interactions();
        int days = (int) ((end - cut + 86_399L) / 86_400L);
        double[] hits = new double[days];
        Model[] current = {first};
        long[] modelTime = {cut};
        int[] today = {0};
        DriftMonitor monitor = new DriftMonitor(new PageHinkley(options.detectorDelta(), options.detectorLambda(), 7,
                PageHinkley.Direction.DECREASE), (obs, stat) -> {
                    long now = cut + (today[0] + 1) * 86_400L;
                    current[0] = fit(spec, before(x, now));
                    modelTime[0] = now;
                    refits.add(today[0] + 1);
                });
        for (int d = 0; d < days; d++) {
            today[0] = d;
            long s = cut + d * 86_400L;
            Map<String, MetricSummary> m = evaluate(current[0], modelTime[0], false, s, Math.min(end, s + 86_400L));
            hits[d] = m.get("hit").mean();
            // Days with few test users (the end of the span) are too noisy to test.
            if (m.get("hit").n() >= MIN_DAILY_USERS && Double.isFinite(hits[d])) {
                monitor.observe(hits[d]);
            }
        }
        return hits;
    }

    /**
     * Metrics on window [from, to): each user with unseen items there; the model sees the user as of
     * {@code asOf} (history before it; user index unless {@code foldIn}); exclusion uses everything
     * before {@code from}.
     */
    Map<String, MetricSummary> evaluate(Model model, long asOf, boolean foldIn, long from, long to) {
        Interactions x = dataset.interactions();
        int k = options.k();
        int ni = model.numItems();
        List<double[]> rows = new ArrayList<>();
        float[] scores = new float[ni];
        boolean[] relevant = new boolean[ni];
        boolean[] excluded = new boolean[ni];
        for (int u = 0; u < x.numUsers(); u++) {
            if (warm != null && !warm[u]) {
                continue;
            }
            int numRel = 0;
            for (int p = x.start(u); p < x.end(u); p++) {
                long t = x.timestamp(p);
                int i = x.item(p);
                if (t < from) {
                    excluded[i] = true;
                } else if (t < to && !excluded[i] && !relevant[i]) {
                    relevant[i] = true;
                    numRel++;
                }
            }
            if (numRel > 0) {
                History h = historyBefore(x, u, asOf);
                model.score(new UserQuery(foldIn ? -1 : u, h, dataset.users().get(u)), scores);
                int[] ranked = TopK.select(scores, k, excluded, null);
                rows.add(new double[] {RankingMetrics.ndcg(ranked, k, relevant, numRel),
                        RankingMetrics.recall(ranked, k, relevant, numRel), RankingMetrics.hit(ranked, k, relevant)});
            }
            for (int p = x.start(u); p < x.end(u); p++) {
                excluded[x.item(p)] = false;
                relevant[x.item(p)] = false;
            }
        }
        String[] names = {"ndcg", "recall", "hit"};
        double[][] values = new double[3][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int m = 0; m < 3; m++) {
                values[m][r] = rows.get(r)[m];
            }
        }
        double[][] cis = Bootstrap.percentileCis(values, 200, 0.95, options.seed());
        Map<String, MetricSummary> out = new LinkedHashMap<>();
        for (int m = 0; m < 3; m++) {
            out.put(names[m], new MetricSummary(Bootstrap.nanMean(values[m]), cis[m][0], cis[m][1], rows.size()));
        }
        return out;
    }

    private static History historyBefore(Interactions x, int u, long t) {
        int n = 0;
        for (int p = x.start(u); p < x.end(u) && x.timestamp(p) < t; p++) {
            n++;
        }
        History all = x.history(u);
        if (n == all.size()) {
            return all;
        }
        int[] items = new int[n];
        long[] ts = new long[n];
        float[] vs = new float[n];
        for (int j = 0; j < n; j++) {
            items[j] = all.item(j);
            ts[j] = all.timestamp(j);
            vs[j] = all.value(j);
        }
        return History.of(items, ts, vs);
    }

    /**
     * The no-drift control of a data set: each user's timestamps are randomly permuted among that
     * user's own events (seeded). Who is active when, and which items each user took, stay the same,
     * but the order is random, so nothing in it drifts: neither tastes nor which items are left
     * to discover. A detector that fires on the original and not on this control reacts to change
     * over time, not to the data's level of noise.
     */
    public static Dataset shuffleTimeWithinUsers(Dataset ds, long seed) {
        Interactions x = ds.interactions();
        Interactions.Builder b = x.derive();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int u = 0; u < x.numUsers(); u++) {
            int s = x.start(u);
            int n = x.end(u) - s;
            long[] ts = new long[n];
            for (int j = 0; j < n; j++) {
                ts[j] = x.timestamp(s + j);
            }
            for (int j = n - 1; j > 0; j--) {
                int r = rng.nextInt(j + 1);
                long t = ts[j];
                ts[j] = ts[r];
                ts[r] = t;
            }
            for (int j = 0; j < n; j++) {
                b.add(u, x.item(s + j), x.value(s + j), ts[j]);
            }
        }
        Map<String, String> info = new LinkedHashMap<>(ds.info());
        info.put("control", "timestamps shuffled within users, seed " + seed);
        return new Dataset(ds.name() + " (time shuffled)", ds.userIds(), ds.itemIds(), b.build(), ds.items(), ds.users(),
                ds.report(), info);
    }

    static Interactions before(Interactions x, long t) {
        Interactions.Builder b = x.derive();
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                if (x.timestamp(p) < t) {
                    b.add(u, x.item(p), x.value(p), x.timestamp(p));
                }
            }
        }
        return b.build();
    }

    private Model fit(String spec, Interactions train) {
        TrainingData data = new TrainingData(train, dataset.items(), dataset.users(), null);
        return AlgorithmRegistry.create(spec).fit(data, new FitContext(options.seed(), options.threads(), Progress.silent()));
    }
}
