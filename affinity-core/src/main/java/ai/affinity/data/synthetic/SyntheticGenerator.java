package ai.affinity.data.synthetic;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.UserFeatures;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a synthetic recommendation data set, deterministic by seed: the embedded default data
 * for demos and tests.
 *
 * <p>The model behind the data:
 * <ul>
 *   <li>Topics have random unit vectors in a {@code latentDim}-dimensional space. An item is a
 *   mixture of one or two topics; its factor vector is the mixture of topic vectors plus noise.</li>
 *   <li>Items arrive over time: a fraction exists at the start, the rest get a {@code firstSeen}
 *   spread uniformly over the span. Dense item indexes follow arrival order, so the items available
 *   at time t are a prefix {@code 0..n(t)-1}. An event at time t is only on an item with
 *   {@code firstSeen <= t}.</li>
 *   <li>Item popularity is Zipf-like (random rank, exponent {@code popularitySkew}, log-normal noise).</li>
 *   <li>A user has a start and an end topic mixture (the end one moved towards a fresh random
 *   mixture by {@code driftStrength}) and the matching taste vectors; at time t the taste is the
 *   linear interpolation between them by the fraction of the span elapsed.</li>
 *   <li>Per-user event counts are log-normal (heavy-tailed), at least {@code minEventsPerUser},
 *   scaled so the total is near {@code targetEvents}. Timestamps are uniform in a per-user active
 *   window and sorted.</li>
 *   <li>An event: with probability {@code exploration} a uniformly random arrived item; with
 *   probability {@link #MAINSTREAM} an item drawn by overall popularity; otherwise a topic drawn from the user's current mixture, then two candidates drawn from that topic by
 *   popularity × topic weight (binary search in per-topic cumulative weights over the arrived
 *   prefix), keeping the one with the higher affinity (dot product of current taste and item
 *   factors). O(log numItems + latentDim) per event, never a scan of the catalog.</li>
 *   <li>A user never gets the same item twice (redraws, then a probe for an unseen arrived item;
 *   an event with none left is dropped and counted in {@code info["events_dropped"]}).</li>
 *   <li>Ratings 1..5 increase with affinity, plus user and item biases and noise.</li>
 *   <li>Content carries the factors: title and text words come from the item's topics'
 *   vocabularies, "genre" is its top topics, the picture's colours and stripes and the audio's
 *   tones are functions of the factors (see {@code MediaSynth}). Users' "age_band", "gender",
 *   "region" and "age" depend on their start mixture.</li>
 * </ul>
 * Each stage draws from its own random stream, so turning media off leaves events and text unchanged.
 * Single-threaded; the class is stateless and thread-safe.
 */
public final class SyntheticGenerator {
    /** Seed of the embedded default data sets. */
    public static final long DEFAULT_SEED = 42L;
    /** Stored in {@code info["generator"]}; bump when the same seed would give different data. */
    public static final String VERSION = "affinity-synthetic-1";

    /**
     * Probability that an event draws from overall popularity instead of the user's topics: the
     * "everyone watches the blockbuster" effect. Without it no item can reach users outside its
     * topics and the head of the popularity curve stays flatter than in real logs.
     */
    static final double MAINSTREAM = 0.3;
    /** Zipf-Mandelbrot offset of item popularity, as a fraction of the catalog size. */
    static final double HEAD_OFFSET = 0.02;
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final String[] AGE_BANDS = {"under-18", "18-24", "25-34", "35-44", "45-54", "55+"};

    private SyntheticGenerator() {
    }

    /**
     * The ground truth next to the data set. Arrays are shared, not copied: callers must not modify
     * them. Rows are indexed by dense item or user index of {@link #dataset()}.
     *
     * @param topicNames      topic names (also the "genre" values), by topic index
     * @param topicFactors    topic vectors [topic][latentDim], unit length
     * @param itemFactors     item factor vectors [item][latentDim]
     * @param itemTopics      item topic mixtures [item][topic], summing to 1
     * @param userStartTaste  user taste vectors at the start of the span [user][latentDim]
     * @param userEndTaste    user taste vectors at the end of the span [user][latentDim]
     * @param userStartTopics user topic mixtures at the start [user][topic]
     * @param userEndTopics   user topic mixtures at the end [user][topic]
     */
    public record Result(SyntheticConfig config, long seed, Dataset dataset, List<String> topicNames,
                         float[][] topicFactors, float[][] itemFactors, float[][] itemTopics,
                         float[][] userStartTaste, float[][] userEndTaste,
                         float[][] userStartTopics, float[][] userEndTopics) {

        /** The topic with the largest weight in the item's mixture. */
        public int dominantTopic(int item) {
            return argmax(itemTopics[item]);
        }

        /** The user's dominant topic at the start of the span. */
        public int dominantStartTopic(int user) {
            return argmax(userStartTopics[user]);
        }

        /** Fraction of the span elapsed at {@code timestamp}, clamped to [0, 1]. */
        public double progress(long timestamp) {
            double f = (double) (timestamp - config.startEpochSecond()) / config.spanSeconds();
            return Math.max(0, Math.min(1, f));
        }

        /** The user's taste vector at {@code timestamp} (a new array). */
        public float[] userTasteAt(int user, long timestamp) {
            float a = (float) progress(timestamp);
            float[] s = userStartTaste[user];
            float[] e = userEndTaste[user];
            float[] out = new float[s.length];
            for (int d = 0; d < s.length; d++) {
                out[d] = (1 - a) * s[d] + a * e[d];
            }
            return out;
        }
    }

    /** The data set for {@code cfg} and {@code seed}; same arguments, identical data set. */
    public static Dataset generate(SyntheticConfig cfg, long seed) {
        return generateWithTruth(cfg, seed).dataset();
    }

    /** Preset {@code preset} with {@link #DEFAULT_SEED}: the embedded default data. */
    public static Dataset standard(String preset) {
        return generate(SyntheticConfig.preset(preset), DEFAULT_SEED);
    }

    /** The data set and the latent truth it was drawn from. */
    public static Result generateWithTruth(SyntheticConfig cfg, long seed) {
        return new Run(cfg, seed).run();
    }

    /** State of one generation; arrays are flat [row * width + col] in the hot parts. */
    private static final class Run {
        private final SyntheticConfig cfg;
        private final long seed;
        private final int nu;
        private final int ni;
        private final int dim;
        private final int nt;
        private final long t0;
        private final long span;
        private final Vocabulary vocab;

        private float[][] topicVec;
        private double[] topicPriorCum;
        private double[] topicEra;
        private double[] topicPrice;
        private double[] topicAge;
        private double[] topicFemale;
        private int[] topicRegion;

        private long[] firstSeen;
        private float[] itemF;      // [ni * dim]
        private float[][] itemMix;
        private float[] itemQuality;
        private double[][] topicCum; // [topic][item] cumulative popularity × topic weight, arrival order
        private double[] globalCum;  // [item] cumulative popularity, arrival order

        private float[][] userStartMix;
        private float[][] userEndMix;
        private float[][] userStart;
        private float[][] userEnd;
        private float[] userBias;
        private long[] userFrom;
        private long[] userTo;
        private int[] userCount;
        private UserFeatures[] userFeatures;

        Run(SyntheticConfig cfg, long seed) {
            this.cfg = cfg;
            this.seed = seed;
            this.nu = cfg.numUsers();
            this.ni = cfg.numItems();
            this.dim = cfg.latentDim();
            this.nt = cfg.numTopics();
            this.t0 = cfg.startEpochSecond();
            this.span = cfg.spanSeconds();
            this.vocab = new Vocabulary(nt, stream(seed, 1));
        }

        Result run() {
            topics(new SplittableRandom(stream(seed, 2)));
            items(new SplittableRandom(stream(seed, 3)));
            users(new SplittableRandom(stream(seed, 4)));
            eventCounts(new SplittableRandom(stream(seed, 5)));
            Interactions.Builder b = Interactions.builder().setDimensions(nu, ni)
                    .optExpectedEvents(Math.max(1024, (int) Math.min(Integer.MAX_VALUE - 8, sum(userCount))));
            long dropped = events(b, stream(seed, 6));
            Interactions x = b.build();
            LoadReport report = new LoadReport();
            report.absorb(b.stats());
            if (dropped > 0) {
                for (long k = 0; k < dropped; k++) {
                    report.skip("no unseen arrived item for the user");
                }
            }

            ItemCatalog catalog = new ItemCatalog();
            catalog.ensureSize(ni);
            MediaSynth media = cfg.media() ? new MediaSynth(dim, stream(seed, 8)) : null;
            long contentSeed = stream(seed, 7);
            long mediaSeed = stream(seed, 9);
            for (int i = 0; i < ni; i++) {
                catalog.set(i, content(i, new SplittableRandom(stream(contentSeed, i)), media,
                        media == null ? null : new SplittableRandom(stream(mediaSeed, i))));
            }
            UserCatalog users = new UserCatalog();
            for (int u = 0; u < nu; u++) {
                users.set(u, userFeatures[u]);
            }

            Map<String, String> info = new LinkedHashMap<>();
            info.put("generator", VERSION);
            info.put("preset", cfg.name());
            info.put("seed", Long.toString(seed));
            info.put("config", cfg.toString());
            info.put("events_dropped", Long.toString(dropped));
            Dataset ds = new Dataset("synthetic:" + cfg.name(), IdMap.ofRange(nu, "u"), IdMap.ofRange(ni, "i"), x,
                    catalog, users, report, info);

            float[][] itemFactors = new float[ni][];
            for (int i = 0; i < ni; i++) {
                itemFactors[i] = Arrays.copyOfRange(itemF, i * dim, (i + 1) * dim);
            }
            return new Result(cfg, seed, ds, vocab.names(), topicVec, itemFactors, itemMix, userStart, userEnd,
                    userStartMix, userEndMix);
        }

        private void topics(SplittableRandom rng) {
            topicVec = new float[nt][];
            double[] prior = new double[nt];
            topicEra = new double[nt];
            topicPrice = new double[nt];
            topicAge = new double[nt];
            topicFemale = new double[nt];
            topicRegion = new int[nt];
            for (int k = 0; k < nt; k++) {
                topicVec[k] = unitGaussian(rng, dim);
                // Unequal topic sizes, like genres in real catalogs.
                prior[k] = Math.exp(0.6 * gaussian(rng));
                topicEra[k] = rng.nextDouble();
                topicPrice[k] = rng.nextDouble();
                topicAge[k] = 18 + 40 * rng.nextDouble();
                topicFemale[k] = 0.15 + 0.7 * rng.nextDouble();
                topicRegion[k] = rng.nextInt(REGIONS.length);
            }
            topicPriorCum = cumulative(prior);
        }

        private void items(SplittableRandom rng) {
            int nInit = Math.max(1, (int) Math.round(cfg.initialItemFraction() * ni));
            firstSeen = new long[ni];
            for (int i = 0; i < ni; i++) {
                firstSeen[i] = i < nInit ? t0 : t0 + (long) (rng.nextDouble() * span);
            }
            Arrays.sort(firstSeen); // dense index = arrival order
            itemF = new float[ni * dim];
            itemMix = new float[ni][];
            itemQuality = new float[ni];
            double noise = 0.35 / Math.sqrt(dim);
            for (int i = 0; i < ni; i++) {
                float[] m = new float[nt];
                int k1 = sample(topicPriorCum, rng.nextDouble());
                if (nt > 1 && rng.nextDouble() < 0.5) {
                    int k2 = k1;
                    while (k2 == k1) {
                        k2 = sample(topicPriorCum, rng.nextDouble());
                    }
                    float s = (float) (0.15 + 0.3 * rng.nextDouble());
                    m[k1] = 1 - s;
                    m[k2] = s;
                } else {
                    m[k1] = 1;
                }
                itemMix[i] = m;
                for (int d = 0; d < dim; d++) {
                    double v = noise * gaussian(rng);
                    for (int k = 0; k < nt; k++) {
                        v += m[k] * topicVec[k][d];
                    }
                    itemF[i * dim + d] = (float) v;
                }
                itemQuality[i] = (float) (0.3 * gaussian(rng));
            }
            // Zipf-Mandelbrot popularity by a random rank, independent of topic and arrival time. The
            // offset (2% of the catalog) flattens the very head: since a user takes an item at most
            // once, a head of a handful of items saturates and the mass would leak into the tail.
            int[] rank = permutation(ni, rng);
            double offset = 1 + HEAD_OFFSET * ni;
            double[] pop = new double[ni];
            for (int i = 0; i < ni; i++) {
                pop[i] = Math.pow(rank[i] + offset, -cfg.popularitySkew()) * Math.exp(0.3 * gaussian(rng));
            }
            globalCum = cumulative(pop);
            topicCum = new double[nt][ni];
            for (int k = 0; k < nt; k++) {
                double[] c = topicCum[k];
                double acc = 0;
                for (int i = 0; i < ni; i++) {
                    acc += pop[i] * itemMix[i][k];
                    c[i] = acc;
                }
            }
        }

        private float[] mixture(SplittableRandom rng) {
            float[] m = new float[nt];
            double w1 = 0.5 + 0.4 * rng.nextDouble();
            double w2 = (1 - w1) * (0.5 + 0.5 * rng.nextDouble());
            m[sample(topicPriorCum, rng.nextDouble())] += (float) w1;
            m[sample(topicPriorCum, rng.nextDouble())] += (float) w2;
            m[sample(topicPriorCum, rng.nextDouble())] += (float) (1 - w1 - w2);
            return m;
        }

        private float[] taste(float[] mix, double[] personal) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                double s = personal[d];
                for (int k = 0; k < nt; k++) {
                    s += mix[k] * topicVec[k][d];
                }
                v[d] = (float) s;
            }
            return v;
        }

        private void users(SplittableRandom rng) {
            userStartMix = new float[nu][];
            userEndMix = new float[nu][];
            userStart = new float[nu][];
            userEnd = new float[nu][];
            userBias = new float[nu];
            userFrom = new long[nu];
            userTo = new long[nu];
            userFeatures = new UserFeatures[nu];
            double drift = cfg.driftStrength();
            double noise = 0.25 / Math.sqrt(dim);
            double[] personal = new double[dim];
            for (int u = 0; u < nu; u++) {
                float[] start = mixture(rng);
                float[] fresh = mixture(rng);
                float[] end = new float[nt];
                for (int k = 0; k < nt; k++) {
                    end[k] = (float) ((1 - drift) * start[k] + drift * fresh[k]);
                }
                // A personal offset that does not drift: what makes two users of one topic differ.
                for (int d = 0; d < dim; d++) {
                    personal[d] = noise * gaussian(rng);
                }
                userStartMix[u] = start;
                userEndMix[u] = end;
                userStart[u] = taste(start, personal);
                userEnd[u] = taste(end, personal);
                userBias[u] = (float) (0.4 * gaussian(rng));
                // Active window: join in the first 3/4 of the span, stay for 25%..100% of the rest.
                long from = t0 + (long) (0.75 * span * rng.nextDouble());
                long to = from + (long) ((t0 + span - from) * (0.25 + 0.75 * rng.nextDouble()));
                userFrom[u] = from;
                userTo[u] = Math.max(from + 1, to);
                userFeatures[u] = demographics(start, rng);
            }
        }

        private UserFeatures demographics(float[] mix, SplittableRandom rng) {
            double ageMean = 0;
            double pFemale = 0;
            for (int k = 0; k < nt; k++) {
                ageMean += mix[k] * topicAge[k];
                pFemale += mix[k] * topicFemale[k];
            }
            int age = (int) Math.round(Math.max(14, Math.min(80, ageMean + 7 * gaussian(rng))));
            double g = rng.nextDouble();
            String gender = g < 0.02 ? "X" : rng.nextDouble() < pFemale ? "F" : "M";
            String region = rng.nextDouble() < 0.6 ? REGIONS[topicRegion[argmax(mix)]]
                    : REGIONS[rng.nextInt(REGIONS.length)];
            return new UserFeatures(Map.of("age_band", ageBand(age), "gender", gender, "region", region),
                    Map.of("age", (double) age));
        }

        private static String ageBand(int age) {
            if (age < 18) {
                return AGE_BANDS[0];
            }
            if (age < 25) {
                return AGE_BANDS[1];
            }
            if (age < 35) {
                return AGE_BANDS[2];
            }
            if (age < 45) {
                return AGE_BANDS[3];
            }
            return age < 55 ? AGE_BANDS[4] : AGE_BANDS[5];
        }

        /** Log-normal activity scaled (by bisection) so the counts, clamped to [min, cap], sum near the target. */
        private void eventCounts(SplittableRandom rng) {
            double[] w = new double[nu];
            for (int u = 0; u < nu; u++) {
                w[u] = Math.exp(1.0 * gaussian(rng));
            }
            int nInit = Math.max(1, (int) Math.round(cfg.initialItemFraction() * ni));
            // A user may not take more than half of the items present from the start: keeps
            // redraws of already-seen items rare and leaves room for every user to find unseen items.
            int cap = Math.max(cfg.minEventsPerUser(), nInit / 2);
            int min = cfg.minEventsPerUser();
            double lo = 0;
            double hi = 1;
            while (countsSum(w, hi, min, cap) < cfg.targetEvents() && hi < 1e12) {
                hi *= 2;
            }
            for (int it = 0; it < 60; it++) {
                double mid = 0.5 * (lo + hi);
                if (countsSum(w, mid, min, cap) < cfg.targetEvents()) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            userCount = new int[nu];
            for (int u = 0; u < nu; u++) {
                userCount[u] = clampCount(w[u] * hi, min, cap);
            }
        }

        private static int clampCount(double v, int min, int cap) {
            return (int) Math.max(min, Math.min(cap, Math.round(v)));
        }

        private static long countsSum(double[] w, double scale, int min, int cap) {
            long s = 0;
            for (double v : w) {
                s += clampCount(v * scale, min, cap);
            }
            return s;
        }

        private long events(Interactions.Builder b, long eventsSeed) {
            int[] seenBy = new int[ni];
            Arrays.fill(seenBy, -1);
            float[] taste = new float[dim];
            double[] mixCum = new double[nt];
            long dropped = 0;
            double explore = cfg.exploration();
            double invSpan = 1.0 / span;
            for (int u = 0; u < nu; u++) {
                SplittableRandom rng = new SplittableRandom(stream(eventsSeed, u));
                int c = userCount[u];
                long from = userFrom[u];
                long len = userTo[u] - from;
                long[] times = new long[c];
                for (int e = 0; e < c; e++) {
                    times[e] = from + (long) (rng.nextDouble() * len);
                }
                Arrays.sort(times);
                float[] ms = userStartMix[u];
                float[] me = userEndMix[u];
                float[] ts = userStart[u];
                float[] te = userEnd[u];
                int arrived = upperBound(firstSeen, times.length == 0 ? t0 : times[0]);
                for (int e = 0; e < c; e++) {
                    long t = times[e];
                    while (arrived < ni && firstSeen[arrived] <= t) {
                        arrived++;
                    }
                    float a = (float) Math.max(0, Math.min(1, (t - t0) * invSpan));
                    double acc = 0;
                    for (int k = 0; k < nt; k++) {
                        acc += (1 - a) * ms[k] + a * me[k];
                        mixCum[k] = acc;
                    }
                    for (int d = 0; d < dim; d++) {
                        taste[d] = (1 - a) * ts[d] + a * te[d];
                    }
                    int item = -1;
                    for (int attempt = 0; attempt < 8 && item < 0; attempt++) {
                        int cand;
                        double r = rng.nextDouble();
                        if (attempt >= 4 || r < explore) {
                            cand = rng.nextInt(arrived);
                        } else if (r < explore + MAINSTREAM) {
                            cand = lowerBoundAbove(globalCum, arrived, rng.nextDouble() * globalCum[arrived - 1]);
                        } else {
                            double[] cum = topicCum[sample(mixCum, rng.nextDouble())];
                            double total = cum[arrived - 1];
                            if (total <= 0) {
                                cand = rng.nextInt(arrived);
                            } else {
                                // Best of two by affinity: taste beyond the topic (the personal offset,
                                // item noise) shapes choices without scoring the catalog.
                                int c1 = lowerBoundAbove(cum, arrived, rng.nextDouble() * total);
                                int c2 = lowerBoundAbove(cum, arrived, rng.nextDouble() * total);
                                boolean first = seenBy[c2] == u
                                        || (seenBy[c1] != u && dot(taste, c1) >= dot(taste, c2));
                                cand = first ? c1 : c2;
                            }
                        }
                        if (seenBy[cand] != u) {
                            item = cand;
                        }
                    }
                    if (item < 0) {
                        int start = rng.nextInt(arrived);
                        for (int p = 0; p < arrived; p++) {
                            int cand = start + p < arrived ? start + p : start + p - arrived;
                            if (seenBy[cand] != u) {
                                item = cand;
                                break;
                            }
                        }
                    }
                    if (item < 0) {
                        dropped++;
                        continue;
                    }
                    seenBy[item] = u;
                    b.add(u, item, rating(dot(taste, item), userBias[u] + itemQuality[item], rng), t);
                }
            }
            return dropped;
        }

        private float dot(float[] taste, int item) {
            float s = 0;
            int off = item * dim;
            for (int d = 0; d < dim; d++) {
                s += taste[d] * itemF[off + d];
            }
            return s;
        }

        /**
         * Rating 1..5 from affinity: typical affinities are about 0.4 for an item of the user's main
         * topic and 0 for an unrelated one, so the slope maps that gap to about two stars.
         */
        private static float rating(float affinity, float bias, SplittableRandom rng) {
            double z = 2.6 + 4.0 * affinity + bias + 1.2 * (rng.nextDouble() + rng.nextDouble() - 1);
            return (float) Math.max(1, Math.min(5, Math.round(z)));
        }

        private ItemContent content(int i, SplittableRandom rng, MediaSynth media, SplittableRandom mediaRng) {
            float[] mix = itemMix[i];
            double[] mixCum = cumulative(toDouble(mix));
            int top = argmax(mix);
            int second = -1;
            for (int k = 0; k < nt; k++) {
                if (k != top && mix[k] >= 0.25f && (second < 0 || mix[k] > mix[second])) {
                    second = k;
                }
            }
            String title = Vocabulary.adjective(rng) + " " + Vocabulary.capitalize(vocab.topicWord(top, rng));
            StringBuilder text = new StringBuilder();
            int sentences = 2 + rng.nextInt(3);
            for (int s = 0; s < sentences; s++) {
                int words = 6 + rng.nextInt(7);
                for (int w = 0; w < words; w++) {
                    String word;
                    double r = rng.nextDouble();
                    if (r < 0.45) {
                        word = vocab.topicWord(sample(mixCum, rng.nextDouble()), rng);
                    } else if (r < 0.52) {
                        word = vocab.topicWord(rng.nextInt(nt), rng); // off-topic noise
                    } else {
                        word = Vocabulary.genericWord(rng);
                    }
                    if (w == 0) {
                        if (s > 0) {
                            text.append(' ');
                        }
                        text.append(Vocabulary.capitalize(word));
                    } else {
                        text.append(' ').append(word);
                    }
                }
                text.append('.');
            }
            List<String> genre = second < 0 ? List.of(vocab.name(top)) : List.of(vocab.name(top), vocab.name(second));
            int year;
            if (firstSeen[i] > t0) {
                year = java.time.Instant.ofEpochSecond(firstSeen[i]).atZone(java.time.ZoneOffset.UTC).getYear();
            } else {
                int startYear = java.time.Instant.ofEpochSecond(t0).atZone(java.time.ZoneOffset.UTC).getYear();
                double age = -Math.log(1 - rng.nextDouble()) * (2 + 20 * topicEra[top]);
                year = Math.max(1950, startYear - 1 - (int) age);
            }
            double price = Math.round(Math.exp(1.5 + 2 * topicPrice[top] + 0.35 * gaussian(rng)) * 100) / 100.0;
            ItemContent.Image image = null;
            ItemContent.Audio audio = null;
            if (media != null) {
                image = media.image(itemF, i * dim, mediaRng);
                audio = media.audio(itemF, i * dim, mediaRng);
            }
            return new ItemContent(title, text.toString(), Map.of("genre", genre),
                    Map.of("year", (double) year, "price", price), image, audio, firstSeen[i]);
        }
    }

    // ---- small numeric helpers (package-private for MediaSynth and tests) ----

    /** Standard normal by Box-Muller (one of the pair; simplicity over speed, used off the hot path). */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A seed for sub-stream {@code k} of {@code seed} (SplitMix64 finaliser, so nearby k are unrelated). */
    static long stream(long seed, long k) {
        long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static float[] unitGaussian(SplittableRandom rng, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int d = 0; d < dim; d++) {
            double g = gaussian(rng);
            v[d] = (float) g;
            n += g * g;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int d = 0; d < dim; d++) {
            v[d] *= inv;
        }
        return v;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Prefix sums of non-negative weights. */
    private static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += w[i];
            c[i] = acc;
        }
        return c;
    }

    /** Index drawn from prefix sums {@code cum} for {@code r} uniform in [0,1) (scaled to the total). */
    private static int sample(double[] cum, double r) {
        double x = r * cum[cum.length - 1];
        for (int k = 0; k < cum.length - 1; k++) {
            if (x < cum[k]) {
                return k;
            }
        }
        return cum.length - 1;
    }

    /** First index in [0, n) with cum[i] > x; for x < cum[n-1] that item has positive weight. */
    private static int lowerBoundAbove(double[] cum, int n, double x) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Number of entries of sorted {@code a} that are <= x. */
    private static int upperBound(long[] a, long x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
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

    private static long sum(int[] a) {
        long s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
