package ai.affinity.simulate;

import ai.affinity.data.History;
import ai.affinity.drift.DriftMonitor;
import ai.affinity.drift.PageHinkley;
import ai.affinity.data.Interactions;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.Recommender;
import ai.affinity.model.TopK;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.util.Progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs policies against a {@link World} day by day and counts engagement.
 *
 * <p>One seeded run of one policy:
 * <ol>
 *   <li>Draw {@code users} simulated users among the world users with history before day 0 (a permutation seeded by the run seed). Each
 *   starts with their world history before day 0; all are active on day 0.</li>
 *   <li>Fit the policy's model on the world's history before day 0 (seed = run seed); a spec fitted
 *   for one policy is reused by the others in the same seed.</li>
 *   <li>On each day {@code d}: refit when {@code @refit=N} and {@code d % N == 0} (d > 0), or when the
 *   {@code @monitor} drift monitor fired on day {@code d - 1}, on the history
 *   plus all simulated clicks so far. Each active user requests {@code k} items among those available
 *   on day {@code d}, excluding what they clicked before; each shown item is clicked with the
 *   {@link ChoiceModel} probability of the user's true taste on day {@code d}. Clicks join the
 *   user's history at the end of the day; the {@link ReturnModel} decides who is active tomorrow.</li>
 * </ol>
 * Common random numbers: the uniform draws of user {@code u} on day {@code d} (one for the return,
 * one per list position) depend only on (seed, u, d), not on the policy, so policies are compared on
 * the same luck and their differences have less noise. Same world, config, policies and seed give the
 * same numbers. Single-threaded apart from model fits.
 */
public final class Simulator {
    private final World world;
    private final SimulationConfig config;
    private final PrintStream log;

    /** @param log progress lines, or null for none */
    public Simulator(World world, SimulationConfig config, PrintStream log) {
        this.world = world;
        this.config = config;
        this.log = log;
    }

    /** Runs every policy for every seed; {@code sinkFor} gives the event sink of a seed (may return NONE). */
    public List<PolicyRun> run(List<PolicySpec> policies, long[] seeds, java.util.function.LongFunction<EventSink> sinkFor) {
        List<PolicyRun> runs = new ArrayList<>();
        for (long seed : seeds) {
            Map<String, Model> fitted = new HashMap<>();
            EventSink sink = sinkFor == null ? EventSink.NONE : sinkFor.apply(seed);
            for (PolicySpec p : policies) {
                PolicyRun r = runOne(p, seed, fitted, sink == null ? EventSink.NONE : sink);
                if (log != null) {
                    log.printf("simulate seed %d %-28s mean DAU %.1f  CTR %.4f  day-%d retention %.3f  (%.1fs, fits %.1fs)%n",
                            seed, p.label(), r.meanDau(), r.overallCtr(), r.days() - 1, r.retention(r.days() - 1),
                            r.simSeconds(), r.fitSeconds());
                }
                runs.add(r);
            }
        }
        return runs;
    }

    /** One policy, one seed. {@code fitted} caches day-0 fits by model spec within the seed. */
    public PolicyRun runOne(PolicySpec policy, long seed, Map<String, Model> fitted, EventSink sink) {
        long t0 = System.nanoTime();
        double fitSeconds = 0;
        int days = config.days();
        int k = config.k();
        double drift = config.driftIn(world);
        Interactions initial = world.initial();
        int[] simUsers = simulatedUsers(world, seed);
        int numSim = Math.min(config.users(), simUsers.length);
        History[] history = new History[numSim];
        for (int s = 0; s < numSim; s++) {
            history[s] = initial.history(simUsers[s]);
        }
        // Clicks simulated so far, for refits: parallel growable arrays (user, item, time).
        IntList clickUser = new IntList();
        IntList clickItem = new IntList();
        LongList clickTime = new LongList();

        Model model = null;
        if (!policy.isBuiltIn()) {
            long f0 = System.nanoTime();
            model = fitted == null ? null : fitted.get(policy.modelSpec());
            if (model == null) {
                model = fit(policy.modelSpec(), initial, seed);
                if (fitted != null) {
                    fitted.put(policy.modelSpec(), model);
                }
            }
            fitSeconds += (System.nanoTime() - f0) / 1e9;
        }
        int[] active = new int[days];
        int[] clickers = new int[days];
        long[] impressions = new long[days];
        long[] clicks = new long[days];
        boolean[] isActive = new boolean[numSim];
        java.util.Arrays.fill(isActive, true);
        int[] clicksToday = new int[numSim];
        float[] taste = new float[world.dim()];
        float[] randomScores = new float[world.numItems()];
        List<Integer> refitDays = new ArrayList<>();
        List<Integer> alarmDays = new ArrayList<>();
        boolean[] refitTomorrow = {false};
        double[] reference = {Double.NaN};
        int[] todayRef = {0};
        DriftMonitor monitor = !policy.monitor() ? null : new DriftMonitor(new PageHinkley(PolicySpec.MONITOR_DELTA,
                PolicySpec.MONITOR_LAMBDA, PolicySpec.MONITOR_MIN_DAYS, PageHinkley.Direction.DECREASE), (obs, stat) -> {
                    alarmDays.add(todayRef[0]);
                    refitTomorrow[0] = true;
                });
        int[] dayItems = new int[k];
        long[] dayTimes = new long[k];
        for (int day = 0; day < days; day++) {
            if ((policy.refitEvery() > 0 && day > 0 && day % policy.refitEvery() == 0) || refitTomorrow[0]) {
                long f0 = System.nanoTime();
                model = fit(policy.modelSpec(), withClicks(initial, clickUser, clickItem, clickTime), seed + day);
                fitSeconds += (System.nanoTime() - f0) / 1e9;
                refitDays.add(day);
                refitTomorrow[0] = false;
                reference[0] = Double.NaN; // the monitor's baseline is the first day after a fit
            }
            Recommender rec = model == null ? null : new Recommender(model);
            int[] candidates = world.availableItems(day);
            long dayStart = world.startEpochSecond() + day * 86_400L;
            java.util.Arrays.fill(clicksToday, 0);
            for (int s = 0; s < numSim; s++) {
                if (!isActive[s]) {
                    continue;
                }
                int u = simUsers[s];
                active[day]++;
                SplittableRandom luck = new SplittableRandom(mix(seed, u, day));
                double returnDraw = luck.nextDouble();
                long requestTime = dayStart + (long) (returnDraw * 86_000); // the same draw spreads requests over the day
                world.tasteAt(u, day, drift, taste);
                int[] list;
                if (policy.isOracle()) {
                    for (int i = 0; i < randomScores.length; i++) {
                        randomScores[i] = (float) world.z(taste, i);
                    }
                    boolean[] seen = new boolean[randomScores.length];
                    Recommender.markHistory(history[s], seen);
                    list = TopK.select(randomScores, k, seen, candidates);
                } else if (rec == null) {
                    SplittableRandom r = new SplittableRandom(mix(seed ^ 0x7A11L, u, day));
                    for (int i = 0; i < randomScores.length; i++) {
                        randomScores[i] = (float) r.nextDouble();
                    }
                    boolean[] seen = new boolean[randomScores.length];
                    Recommender.markHistory(history[s], seen);
                    list = TopK.select(randomScores, k, seen, candidates);
                } else {
                    UserQuery q = new UserQuery(policy.foldIn() ? -1 : u, history[s], world.dataset().users().get(u));
                    list = rec.recommend(q, k, true, candidates);
                }
                String requestId = "s" + seed + "-" + policy.label() + "-d" + day + "-" + world.dataset().userIds().id(u);
                int c = 0;
                for (int pos = 1; pos <= list.length; pos++) {
                    double draw = luck.nextDouble();
                    int item = list[pos - 1];
                    boolean clicked = draw < config.choice().clickProbability(world.z(taste, item), pos);
                    sink.impression(seed, policy.label(), day, requestTime, requestId, u, item, pos, clicked);
                    if (clicked) {
                        dayItems[c] = item;
                        dayTimes[c] = requestTime + (long) EventLog.CLICK_DELAY_SECONDS * pos;
                        c++;
                    }
                }
                impressions[day] += list.length;
                clicks[day] += c;
                clicksToday[s] = c;
                if (c > 0) {
                    clickers[day]++;
                }
                if (c > 0) {
                    float[] ones = new float[c];
                    java.util.Arrays.fill(ones, 1f);
                    history[s] = history[s].plus(History.of(java.util.Arrays.copyOf(dayItems, c),
                            java.util.Arrays.copyOf(dayTimes, c), ones));
                    for (int j = 0; j < c; j++) {
                        clickUser.add(u);
                        clickItem.add(dayItems[j]);
                        clickTime.add(dayTimes[j]);
                    }
                }
            }
            if (monitor != null && impressions[day] > 0) {
                double ctr = (double) clicks[day] / impressions[day];
                if (Double.isNaN(reference[0])) {
                    reference[0] = Math.max(ctr, 1e-9);
                }
                todayRef[0] = day;
                monitor.observe(ctr / reference[0]);
            }
            for (int s = 0; s < numSim; s++) {
                boolean was = isActive[s];
                double p = config.returns().returnProbability(was, clicksToday[s]);
                // Tomorrow's return draw: the first uniform of (seed, user, day + 1)'s stream.
                double draw = new SplittableRandom(mix(seed, simUsers[s], day + 1)).nextDouble();
                isActive[s] = draw < p;
            }
        }
        return new PolicyRun(policy.label(), seed, numSim, active, clickers, impressions, clicks, fitSeconds,
                (System.nanoTime() - t0) / 1e9, refitDays.stream().mapToInt(Integer::intValue).toArray(),
                alarmDays.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The world's users with history before day 0, in a seeded random order: a run simulates the first
     * {@code users} of them.
     */
    static int[] simulatedUsers(World world, long seed) {
        int[] perm = World.permutation(world.numUsers(), new SplittableRandom(mix(seed, 0x51L, -1)));
        int n = 0;
        for (int u : perm) {
            if (world.initial().userCount(u) > 0) {
                perm[n++] = u;
            }
        }
        return java.util.Arrays.copyOf(perm, n);
    }

    private Model fit(String spec, Interactions train, long seed) {
        TrainingData data = new TrainingData(train, world.dataset().items(), world.dataset().users(), null);
        return AlgorithmRegistry.create(spec).fit(data, new FitContext(seed, config.fitThreads(), Progress.silent()));
    }

    private static Interactions withClicks(Interactions initial, IntList users, IntList items, LongList times) {
        Interactions.Builder b = initial.derive();
        for (int u = 0; u < initial.numUsers(); u++) {
            for (int p = initial.start(u); p < initial.end(u); p++) {
                b.add(u, initial.item(p), initial.value(p), initial.timestamp(p));
            }
        }
        for (int j = 0; j < users.size; j++) {
            b.add(users.data[j], items.data[j], 1f, times.data[j]);
        }
        return b.build();
    }

    /** SplitMix64 finaliser over (seed, a, b): the seed of one user-day random stream. */
    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static final class IntList {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }

    private static final class LongList {
        long[] data = new long[1024];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }
}
