package ai.affinity.metric;

/**
 * Per-user ranking metrics of one ranked list at cutoff {@code k}, as pure static functions.
 *
 * <p>Common contract: {@code ranked} holds dense item indexes, best first, without duplicates; it may be
 * shorter than {@code k} (fewer eligible items) and only its first {@code min(k, ranked.length)} entries
 * are read. {@code relevant[item]} is true for the user's relevant (test) items and must cover every item
 * in {@code ranked}; {@code numRelevant} is the number of relevant items and must be positive (users with
 * nothing to find are skipped by the caller, not scored 0). {@code k} must be at least 1.
 *
 * <p>Every function is O(k) (intra-list diversity O(k²) similarity calls), allocation-free and
 * thread-safe, because the evaluator calls them for every user at every cutoff.
 *
 * <p>Relevance is binary. Definitions follow the usual IR conventions (Järvelin &amp; Kekäläinen 2002 for
 * NDCG; MAP truncated at k as in most recommender toolkits, e.g. RankSys, Cornac).
 */
public final class RankingMetrics {
    private static final double LN2 = Math.log(2.0);
    private static final int TABLE = 1024;
    /** DISCOUNT[i] = 1 / log2(i + 2): gain discount of the item at 0-based position i. */
    private static final double[] DISCOUNT = new double[TABLE];
    /** IDEAL_DCG[j] = sum of the first j discounts: the DCG of j relevant items ranked first. */
    private static final double[] IDEAL_DCG = new double[TABLE + 1];

    static {
        for (int i = 0; i < TABLE; i++) {
            DISCOUNT[i] = discountUncached(i);
            IDEAL_DCG[i + 1] = IDEAL_DCG[i] + DISCOUNT[i];
        }
    }

    private RankingMetrics() {
    }

    /** Precision@k: relevant items among the top k, divided by k (not by the list length, so a short list is not rewarded). */
    public static double precision(int[] ranked, int k, boolean[] relevant) {
        checkK(k);
        return hits(ranked, k, relevant) / (double) k;
    }

    /** Recall@k: relevant items among the top k, divided by {@code numRelevant}. */
    public static double recall(int[] ranked, int k, boolean[] relevant, int numRelevant) {
        checkK(k);
        checkNumRelevant(numRelevant);
        return hits(ranked, k, relevant) / (double) numRelevant;
    }

    /** Harmonic mean of precision and recall; 0 when both are 0. */
    public static double f1(double precision, double recall) {
        double sum = precision + recall;
        return sum > 0 ? 2 * precision * recall / sum : 0.0;
    }

    /**
     * NDCG@k with binary gains: DCG = sum over positions i = 1..k of rel_i / log2(i + 1); the ideal DCG puts
     * {@code min(numRelevant, k)} relevant items first. Equals 1 exactly when the top {@code min(numRelevant, k)}
     * positions all hold relevant items.
     */
    public static double ndcg(int[] ranked, int k, boolean[] relevant, int numRelevant) {
        checkK(k);
        checkNumRelevant(numRelevant);
        int n = Math.min(k, ranked.length);
        double dcg = 0;
        for (int i = 0; i < n; i++) {
            if (relevant[ranked[i]]) {
                dcg += discount(i);
            }
        }
        return dcg / idealDcg(Math.min(numRelevant, k));
    }

    /**
     * Average precision@k: the sum of precision@i over the positions i &lt;= k that hold a relevant item,
     * divided by {@code min(numRelevant, k)} (so a perfect top k scores 1 even when there are more relevant
     * items than k). Its mean over users is MAP@k.
     */
    public static double averagePrecision(int[] ranked, int k, boolean[] relevant, int numRelevant) {
        checkK(k);
        checkNumRelevant(numRelevant);
        int n = Math.min(k, ranked.length);
        int hits = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (relevant[ranked[i]]) {
                hits++;
                sum += hits / (double) (i + 1);
            }
        }
        return sum / Math.min(numRelevant, k);
    }

    /** Reciprocal rank: 1 / (1-based rank of the first relevant item within the top k), else 0. Its mean is MRR@k. */
    public static double reciprocalRank(int[] ranked, int k, boolean[] relevant) {
        checkK(k);
        int n = Math.min(k, ranked.length);
        for (int i = 0; i < n; i++) {
            if (relevant[ranked[i]]) {
                return 1.0 / (i + 1);
            }
        }
        return 0.0;
    }

    /** Hit rate: 1 if any relevant item is in the top k, else 0. */
    public static double hit(int[] ranked, int k, boolean[] relevant) {
        checkK(k);
        int n = Math.min(k, ranked.length);
        for (int i = 0; i < n; i++) {
            if (relevant[ranked[i]]) {
                return 1.0;
            }
        }
        return 0.0;
    }

    /**
     * Novelty: the mean self-information (bits, see {@link #selfInformation}) of the top-k items; NaN when the
     * list is empty. Higher means less popular recommendations. Not bounded by 1.
     */
    public static double novelty(int[] ranked, int k, double[] selfInformation) {
        checkK(k);
        int n = Math.min(k, ranked.length);
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += selfInformation[ranked[i]];
        }
        return sum / n;
    }

    /**
     * Intra-list diversity: the mean over unordered pairs of distinct positions in the top k of
     * {@code 1 - sim.similarity(a, b)}; NaN when fewer than 2 items. In [0, 1] for cosine similarity of
     * binary features. O(k²) similarity calls.
     */
    public static double intraListDiversity(int[] ranked, int k, ItemSimilarity sim) {
        checkK(k);
        int n = Math.min(k, ranked.length);
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int a = ranked[i];
            for (int j = i + 1; j < n; j++) {
                sum += 1.0 - sim.similarity(a, ranked[j]);
            }
        }
        return sum / ((double) n * (n - 1) / 2);
    }

    /**
     * Self-information of each item, {@code -log2((count + 1) / (numUsers + 1))}, where {@code itemCounts[i]}
     * is the number of (training) users who interacted with item i. The +1 smoothing keeps never-seen items
     * finite; an item every user has seen gets 0 bits.
     *
     * @throws IllegalArgumentException if {@code numUsers} is negative or a count is outside {@code [0, numUsers]}
     */
    public static double[] selfInformation(int[] itemCounts, int numUsers) {
        if (numUsers < 0) {
            throw new IllegalArgumentException("numUsers must be >= 0, got " + numUsers);
        }
        double[] out = new double[itemCounts.length];
        double logTotal = Math.log(numUsers + 1.0);
        for (int i = 0; i < itemCounts.length; i++) {
            int c = itemCounts[i];
            if (c < 0 || c > numUsers) {
                throw new IllegalArgumentException("item " + i + ": count " + c + " is outside [0, numUsers="
                        + numUsers + "]");
            }
            // Computed as log(total) - log(count) so an item seen by everyone gives exactly 0 bits.
            out[i] = (logTotal - Math.log(c + 1.0)) / LN2;
        }
        return out;
    }

    /** Number of relevant items among the first {@code min(k, ranked.length)} entries. */
    public static int hits(int[] ranked, int k, boolean[] relevant) {
        int n = Math.min(k, ranked.length);
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (relevant[ranked[i]]) {
                hits++;
            }
        }
        return hits;
    }

    /** 1 / log2(i + 2): the discount of 0-based position i. */
    static double discount(int i) {
        return i < TABLE ? DISCOUNT[i] : discountUncached(i);
    }

    /** DCG of {@code n} relevant items in the first {@code n} positions. */
    static double idealDcg(int n) {
        if (n <= TABLE) {
            return IDEAL_DCG[n];
        }
        double s = IDEAL_DCG[TABLE];
        for (int i = TABLE; i < n; i++) {
            s += discountUncached(i);
        }
        return s;
    }

    private static double discountUncached(int i) {
        return LN2 / Math.log(i + 2.0);
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("cutoff k must be >= 1, got " + k);
        }
    }

    private static void checkNumRelevant(int numRelevant) {
        if (numRelevant < 1) {
            throw new IllegalArgumentException("numRelevant must be >= 1 (skip users with no relevant items), got "
                    + numRelevant);
        }
    }
}
