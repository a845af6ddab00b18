package ai.affinity.model.mf;

import ai.affinity.data.History;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fitted {@link Bpr} model: user factors ({@code numUsers × k}), item factors ({@code numItems × k},
 * both row-major float arrays), item biases, and what fold-in needs (hyperparameters, seed, the
 * negative-sampling table). Scores are {@code b_i + p_u · q_i}.
 *
 * <p>A query for a user trained with at least one event is scored from the stored {@code p_u}; any
 * other query (user -1, out of range, or a user without training events) is folded in from
 * {@code query.history()} by SGD with item parameters fixed (see {@link Bpr}). History items outside
 * {@code 0..numItems-1} are ignored. Fold-in is deterministic for a history (its random source is
 * seeded from the fit seed and the history's distinct items), so equal queries get equal scores. An
 * empty history gives the item biases alone. Immutable and thread-safe (per-thread scratch only).
 */
public final class BprModel implements SavableModel {
    public static final String KIND = "bpr";
    private static final int PAYLOAD_VERSION = 1;

    private final Bpr cfg;
    private final long seed;
    private final int numUsers;
    private final int numItems;
    private final int k;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final float[] itemBias;
    private final int[] userEvents;
    private final AliasSampler popularity;
    private final ThreadLocal<Scratch> scratch;

    BprModel(Bpr cfg, long seed, int numUsers, int numItems, float[] userFactors, float[] itemFactors,
             float[] itemBias, int[] userEvents, AliasSampler popularity) {
        this.cfg = cfg;
        this.seed = seed;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.k = cfg.factors();
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.itemBias = itemBias;
        this.userEvents = userEvents;
        this.popularity = popularity;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(k));
    }

    @Override
    public int numItems() {
        return numItems;
    }

    public int numUsers() {
        return numUsers;
    }

    public int factors() {
        return k;
    }

    /** The hyperparameters this model was trained with. */
    public Bpr config() {
        return cfg;
    }

    /** Whether {@code user} is scored from stored factors (trained with at least one event). */
    public boolean isTrainedUser(int user) {
        return user >= 0 && user < numUsers && userEvents[user] > 0;
    }

    /** A copy of item {@code i}'s factor row. */
    public float[] itemVector(int i) {
        return Arrays.copyOfRange(itemFactors, i * k, (i + 1) * k);
    }

    /** A copy of trained user {@code u}'s factor row. */
    public float[] userVector(int u) {
        return Arrays.copyOfRange(userFactors, u * k, (u + 1) * k);
    }

    public float itemBias(int i) {
        return itemBias[i];
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        int u = query.user();
        if (isTrainedUser(u)) {
            MfMath.scoreAll(userFactors, u * k, itemFactors, itemBias, k, scoresOut);
            return;
        }
        Scratch s = scratch.get();
        foldIn(query.history(), s);
        MfMath.scoreAll(s.user, 0, itemFactors, itemBias, k, scoresOut);
    }

    /** The user vector fold-in finds for {@code history} (a new array). */
    public float[] foldIn(History history) {
        Scratch s = new Scratch(k);
        foldIn(history, s);
        return s.user.clone();
    }

    private void foldIn(History history, Scratch s) {
        float[] user = s.user;
        Arrays.fill(user, 0f);
        int n = s.distinctItems(history, numItems);
        if (n == 0 || n == numItems) {
            return; // nothing to learn from: no positives, or no negatives left
        }
        int[] items = s.items;
        long h = seed;
        for (int p = 0; p < n; p++) {
            h = h * 0x9E3779B97F4A7C15L + items[p] + 1;
        }
        SplittableRandom rng = new SplittableRandom(h);
        int epochs = cfg.foldInEpochs();
        int warmup = cfg.foldInWarmup();
        float regU = (float) cfg.regUser();
        for (int e = 0; e < epochs; e++) {
            float lr = (float) cfg.learningRate(e, epochs, warmup);
            for (int t = 0; t < n; t++) {
                int i = items[rng.nextInt(n)];
                int j = drawNegative(rng, items, n);
                if (j >= 0) {
                    BprTrainer.userStep(user, itemFactors, i, j, itemBias, k, lr, regU);
                }
            }
        }
    }

    private int drawNegative(SplittableRandom rng, int[] positives, int n) {
        for (int attempt = 0; attempt < BprTrainer.MAX_NEGATIVE_DRAWS; attempt++) {
            int j = popularity == null ? rng.nextInt(numItems) : popularity.sample(rng);
            if (Arrays.binarySearch(positives, 0, n, j) < 0) {
                return j;
            }
        }
        return -1;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int payloadVersion() {
        return PAYLOAD_VERSION;
    }

    /**
     * Payload v1: hyperparameters (string map), seed, numUsers, numItems, user factors and item
     * factors (matrices), item biases, per-user training event counts, then a flag and, when set,
     * the popularity alias table (probabilities, aliases).
     */
    @Override
    public void writePayload(ModelWriter out) throws IOException {
        out.writeStringMap(cfg.paramStrings());
        out.writeLong(seed);
        out.writeInt(numUsers);
        out.writeInt(numItems);
        out.writeMatrix(numUsers, k, userFactors);
        out.writeMatrix(numItems, k, itemFactors);
        out.writeFloats(itemBias);
        out.writeInts(userEvents);
        out.writeBoolean(popularity != null);
        if (popularity != null) {
            out.writeDoubles(popularity.prob());
            out.writeInts(popularity.alias());
        }
    }

    /** Decoder registered under {@link #KIND}. */
    public static BprModel read(ModelReader in, int version) throws IOException {
        if (version != PAYLOAD_VERSION) {
            throw new IOException("bpr model payload version " + version + " is not supported (expected "
                    + PAYLOAD_VERSION + ")");
        }
        Bpr cfg;
        try {
            cfg = Bpr.fromParams(in.readStringMap());
        } catch (IllegalArgumentException e) {
            throw new IOException("bpr model has invalid hyperparameters: " + e.getMessage(), e);
        }
        long seed = in.readLong();
        int numUsers = in.readInt();
        int numItems = in.readInt();
        if (numUsers < 0 || numItems < 0) {
            throw new IOException("bpr model has negative dimensions " + numUsers + "x" + numItems);
        }
        float[] users = in.readMatrix(numUsers, cfg.factors());
        float[] items = in.readMatrix(numItems, cfg.factors());
        float[] bias = in.readFloats();
        int[] userEvents = in.readInts();
        if (bias.length != numItems || userEvents.length != numUsers) {
            throw new IOException("bpr model: " + bias.length + " biases for " + numItems + " items, "
                    + userEvents.length + " event counts for " + numUsers + " users");
        }
        AliasSampler popularity = null;
        if (in.readBoolean()) {
            double[] prob = in.readDoubles();
            int[] alias = in.readInts();
            if (prob.length != numItems || alias.length != numItems) {
                throw new IOException("bpr model: popularity table of " + prob.length + "/" + alias.length
                        + " entries for " + numItems + " items");
            }
            for (int a : alias) {
                if (a < 0 || a >= numItems) {
                    throw new IOException("bpr model: alias " + a + " outside 0.." + (numItems - 1));
                }
            }
            popularity = new AliasSampler(prob, alias);
        }
        return new BprModel(cfg, seed, numUsers, numItems, users, items, bias, userEvents, popularity);
    }

    /** Per-thread buffers: the folded-in user vector and the history's distinct items, sorted. */
    private static final class Scratch {
        final float[] user;
        int[] items = new int[64];

        Scratch(int k) {
            user = new float[k];
        }

        /** Fills {@link #items} with the distinct in-range items of {@code h}, ascending; returns how many. */
        int distinctItems(History h, int numItems) {
            if (items.length < h.size()) {
                items = new int[h.size()];
            }
            int n = 0;
            for (int p = 0; p < h.size(); p++) {
                int i = h.item(p);
                if (i >= 0 && i < numItems) {
                    items[n++] = i;
                }
            }
            Arrays.sort(items, 0, n);
            int w = 0;
            for (int p = 0; p < n; p++) {
                if (w == 0 || items[p] != items[w - 1]) {
                    items[w++] = items[p];
                }
            }
            return w;
        }
    }
}
