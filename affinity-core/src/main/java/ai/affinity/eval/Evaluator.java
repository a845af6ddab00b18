package ai.affinity.eval;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.UserCatalog;
import ai.affinity.metric.Bootstrap;
import ai.affinity.metric.CoverageAccumulator;
import ai.affinity.metric.ItemSimilarity;
import ai.affinity.metric.RankingMetrics;
import ai.affinity.model.Model;
import ai.affinity.model.TopK;
import ai.affinity.model.UserQuery;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores a fitted model for every test user of a {@link Split} and computes ranking metrics at each
 * cutoff, keeping per-user values so that means get bootstrap confidence intervals and models can be
 * compared by paired tests.
 *
 * <p>Protocol details, written into every result: a test user is any user with a test event; the
 * model gets the user's query history (usually their training events) and the user's index, or -1
 * when the user has no training events; items in the query history are excluded from the ranking;
 * ranking is over every item (or {@link Split#candidates()}), or, when {@link Options#sampledNegatives()}
 * is positive, over the user's test items plus that many items sampled uniformly from those the user
 * has not interacted with (labelled "sampled").
 *
 * <p>Users are evaluated in parallel; per-thread scratch arrays keep the hot loop allocation-light.
 */
public final class Evaluator {
    /** Per-user metric families, in the order they are reported. */
    public static final List<String> PER_USER_METRICS =
            List.of("precision", "recall", "f1", "ndcg", "map", "mrr", "hit", "novelty", "diversity");
    /** System-level metric families (one value, no CI). */
    public static final List<String> SYSTEM_METRICS = List.of("coverage");

    /**
     * @param ks                 cutoffs, ascending
     * @param sampledNegatives   0 for full ranking, else the number of sampled negatives per user
     * @param threads            worker threads
     * @param seed               seed for sampling and bootstrap
     * @param bootstrapResamples resamples for CIs, 0 for {@link Bootstrap#defaultResamples(int)}
     */
    public record Options(int[] ks, int sampledNegatives, int threads, long seed, int bootstrapResamples) {
        public Options {
            if (ks == null || ks.length == 0) {
                throw new IllegalArgumentException("at least one cutoff k is required");
            }
            ks = ks.clone();
            Arrays.sort(ks);
            if (ks[0] < 1) {
                throw new IllegalArgumentException("cutoffs must be >= 1, got " + ks[0]);
            }
            if (sampledNegatives < 0) {
                throw new IllegalArgumentException("sampled negatives must be >= 0");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
        }

        public static Options defaults(long seed) {
            return new Options(new int[] {5, 10, 20}, 0, Runtime.getRuntime().availableProcessors(), seed, 0);
        }

        public boolean sampled() {
            return sampledNegatives > 0;
        }

        public int maxK() {
            return ks[ks.length - 1];
        }
    }

    private final Options options;

    public Evaluator(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Users with at least one test event, ascending. */
    public static int[] testUsers(Split split) {
        Interactions test = split.test();
        int n = 0;
        for (int u = 0; u < test.numUsers(); u++) {
            if (test.userCount(u) > 0) {
                n++;
            }
        }
        int[] users = new int[n];
        int w = 0;
        for (int u = 0; u < test.numUsers(); u++) {
            if (test.userCount(u) > 0) {
                users[w++] = u;
            }
        }
        return users;
    }

    /**
     * Evaluates {@code model} on {@code split}.
     *
     * @param items catalog for diversity (may be null or without attributes: diversity is then omitted)
     * @param users user features passed in each query (may be null)
     */
    public ModelResult evaluate(String name, Map<String, Object> params, double fitSeconds, Model model, Split split,
                                ItemCatalog items, UserCatalog users, Progress progress) {
        long t0 = System.nanoTime();
        int numItems = split.train().numItems();
        if (model.numItems() < numItems) {
            throw new IllegalArgumentException("model scores " + model.numItems() + " items but the data has " + numItems);
        }
        int[] testUsers = testUsers(split);
        int[] ks = options.ks();
        int nk = ks.length;
        int nm = PER_USER_METRICS.size();
        double[][] values = new double[nk * nm][testUsers.length];
        double[] selfInfo = RankingMetrics.selfInformation(split.train().itemCounts(), split.train().numActiveUsers());
        ItemSimilarity similarity = items == null ? null : ItemSimilarity.fromCatalog(items, numItems);
        boolean withDiversity = similarity != null && !similarity.isEmpty();
        int catalogueSize = split.candidates() == null ? numItems : split.candidates().length;
        UserCatalog userCatalog = users == null ? new UserCatalog() : users;

        int threads = Math.min(options.threads(), Math.max(1, testUsers.length / 64));
        int chunk = 256;
        AtomicInteger next = new AtomicInteger();
        progress.start("evaluate " + name, testUsers.length);
        List<CoverageAccumulator[]> coverages = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "affinity-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CoverageAccumulator[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    Worker w = new Worker(model, split, userCatalog, numItems, catalogueSize, selfInfo,
                            withDiversity ? similarity : null, values);
                    int start;
                    while ((start = next.getAndAdd(chunk)) < testUsers.length) {
                        int end = Math.min(testUsers.length, start + chunk);
                        for (int idx = start; idx < end; idx++) {
                            w.evaluateUser(idx, testUsers[idx]);
                        }
                        progress.advance(end - start);
                    }
                    return w.coverage;
                }));
            }
            for (Future<CoverageAccumulator[]> f : futures) {
                coverages.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("evaluation of " + name + " failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        progress.finish();

        // Summaries: bootstrap all per-user metrics jointly over the same user resamples.
        int resamples = options.bootstrapResamples() > 0 ? options.bootstrapResamples()
                : Bootstrap.defaultResamples(testUsers.length);
        double[][] cis = testUsers.length == 0 ? new double[values.length][] :
                Bootstrap.percentileCis(values, resamples, 0.95, options.seed());
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        Map<String, double[]> perUser = new LinkedHashMap<>();
        for (int m = 0; m < nm; m++) {
            String family = PER_USER_METRICS.get(m);
            if (family.equals("diversity") && !withDiversity) {
                continue;
            }
            for (int ki = 0; ki < nk; ki++) {
                int row = ki * nm + m;
                String key = family + "@" + ks[ki];
                double[] v = values[row];
                double mean = Bootstrap.nanMean(v);
                double[] ci = cis[row];
                metrics.put(key, new MetricSummary(mean, ci == null ? Double.NaN : ci[0],
                        ci == null ? Double.NaN : ci[1], Bootstrap.countNonNaN(v)));
                perUser.put(key, v);
            }
        }
        for (int ki = 0; ki < nk; ki++) {
            CoverageAccumulator total = new CoverageAccumulator(numItems, ks[ki], catalogueSize);
            for (CoverageAccumulator[] c : coverages) {
                total.merge(c[ki]);
            }
            metrics.put("coverage@" + ks[ki], new MetricSummary(total.value(), Double.NaN, Double.NaN, testUsers.length));
        }
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new ModelResult(name, params, fitSeconds, evalSeconds, metrics, testUsers, perUser);
    }

    /** Per-thread scratch space and the per-user evaluation. */
    private final class Worker {
        private final Model model;
        private final Split split;
        private final UserCatalog users;
        private final double[] selfInfo;
        private final ItemSimilarity similarity;
        private final double[][] values;
        private final float[] scores;
        private final boolean[] excluded;
        private final boolean[] relevant;
        private final boolean[] candidateMask;
        final CoverageAccumulator[] coverage;

        Worker(Model model, Split split, UserCatalog users, int numItems, int catalogueSize, double[] selfInfo,
               ItemSimilarity similarity, double[][] values) {
            this.model = model;
            this.split = split;
            this.users = users;
            this.selfInfo = selfInfo;
            this.similarity = similarity;
            this.values = values;
            this.scores = new float[model.numItems()];
            this.excluded = new boolean[model.numItems()];
            this.relevant = new boolean[model.numItems()];
            int[] ks = options.ks();
            this.coverage = new CoverageAccumulator[ks.length];
            for (int i = 0; i < ks.length; i++) {
                coverage[i] = new CoverageAccumulator(numItems, ks[i], catalogueSize);
            }
            if (split.candidates() != null) {
                candidateMask = new boolean[model.numItems()];
                for (int c : split.candidates()) {
                    candidateMask[c] = true;
                }
            } else {
                candidateMask = null;
            }
        }

        void evaluateUser(int idx, int u) {
            Interactions test = split.test();
            History history = split.queryHistory().history(u);
            int knownUser = split.train().userCount(u) > 0 ? u : -1;
            UserQuery query = new UserQuery(knownUser, history, users.get(u));
            model.score(query, scores);
            for (int i = 0; i < history.size(); i++) {
                excluded[history.item(i)] = true;
            }
            int numRelevant = 0;
            for (int p = test.start(u); p < test.end(u); p++) {
                int item = test.item(p);
                if (!excluded[item] && (candidateMask == null || candidateMask[item]) && !relevant[item]) {
                    relevant[item] = true;
                    numRelevant++;
                }
            }
            int[] candidates = split.candidates();
            if (options.sampled()) {
                candidates = sampleCandidates(u, test, numRelevant);
            }
            int[] ranked = numRelevant == 0 ? new int[0] : TopK.select(scores, options.maxK(), excluded, candidates);
            int[] ks = options.ks();
            int nm = PER_USER_METRICS.size();
            for (int ki = 0; ki < ks.length; ki++) {
                int k = ks[ki];
                int base = ki * nm;
                if (numRelevant == 0) {
                    // Every test item of this user was already in their history (a predefined split
                    // with overlap): nothing can be retrieved, so the user counts with zeros.
                    for (int m = 0; m < nm; m++) {
                        values[base + m][idx] = m >= 7 ? Double.NaN : 0.0;
                    }
                    continue;
                }
                double precision = RankingMetrics.precision(ranked, k, relevant);
                double recall = RankingMetrics.recall(ranked, k, relevant, numRelevant);
                values[base][idx] = precision;
                values[base + 1][idx] = recall;
                values[base + 2][idx] = RankingMetrics.f1(precision, recall);
                values[base + 3][idx] = RankingMetrics.ndcg(ranked, k, relevant, numRelevant);
                values[base + 4][idx] = RankingMetrics.averagePrecision(ranked, k, relevant, numRelevant);
                values[base + 5][idx] = RankingMetrics.reciprocalRank(ranked, k, relevant);
                values[base + 6][idx] = RankingMetrics.hit(ranked, k, relevant);
                values[base + 7][idx] = RankingMetrics.novelty(ranked, k, selfInfo);
                values[base + 8][idx] = similarity == null ? Double.NaN
                        : RankingMetrics.intraListDiversity(ranked, k, similarity);
                coverage[ki].add(ranked);
            }
            for (int i = 0; i < history.size(); i++) {
                excluded[history.item(i)] = false;
            }
            for (int p = test.start(u); p < test.end(u); p++) {
                relevant[test.item(p)] = false;
            }
        }

        /** The user's relevant items plus N negatives drawn without replacement, seeded per user. */
        private int[] sampleCandidates(int u, Interactions test, int numRelevant) {
            int n = options.sampledNegatives();
            int numItems = scores.length;
            int[] out = new int[numRelevant + n];
            int w = 0;
            for (int p = test.start(u); p < test.end(u); p++) {
                int item = test.item(p);
                if (relevant[item] && !contains(out, w, item)) {
                    out[w++] = item;
                }
            }
            int eligible = 0;
            for (int i = 0; i < numItems; i++) {
                if (!excluded[i] && !relevant[i] && (candidateMask == null || candidateMask[i])) {
                    eligible++;
                }
            }
            int want = Math.min(n, eligible);
            SplittableRandom rng = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + u);
            // Rejection sampling is fast while negatives are plentiful; mark picks in the relevant
            // mask temporarily (scores ignore it) and clear them after.
            int start = w;
            int attempts = 0;
            while (w - start < want) {
                int item = rng.nextInt(numItems);
                attempts++;
                if (!excluded[item] && !relevant[item] && (candidateMask == null || candidateMask[item])) {
                    relevant[item] = true;
                    out[w++] = item;
                } else if (attempts > 50L * numItems) {
                    break;
                }
            }
            for (int p = start; p < w; p++) {
                relevant[out[p]] = false;
            }
            return Arrays.copyOf(out, w);
        }

        private boolean contains(int[] a, int n, int v) {
            for (int i = 0; i < n; i++) {
                if (a[i] == v) {
                    return true;
                }
            }
            return false;
        }
    }
}
