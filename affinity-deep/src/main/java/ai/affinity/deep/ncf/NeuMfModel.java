package ai.affinity.deep.ncf;

import ai.affinity.data.History;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fitted {@link NeuMf} (or its GMF-only / MLP-only network): the exported weights as Java arrays,
 * scored in pure Java with no native calls. Immutable and thread-safe (per-thread scratch).
 *
 * <p>A user seen in training (a dense index below the trained user count, with training events)
 * is scored with their learned embeddings. Scoring precomputes, per item, the item half of the
 * first MLP layer ({@code q'_i W_1[d:] + b_1}), so a query costs {@code O(n·(f + Σ o_{l−1}·o_l))}.
 *
 * <p><b>Unknown users.</b> NeuMF has user embeddings and the paper gives no fold-in. This model
 * folds a user in from the query's history by fitting their two user vectors (GMF and MLP) with
 * the network frozen: starting from the mean trained user, {@value #FOLD_IN_STEPS} Adam steps
 * (rate {@value #FOLD_IN_RATE}) on the training loss (binary cross-entropy of the history items against
 * {@value #FOLD_IN_NEGATIVES} uniformly drawn non-history items per history item, plus an L2 pull
 * of {@value #FOLD_IN_L2} towards the mean user). The negatives are drawn from a seed derived from
 * the history, so the same history always gets the same scores. An empty history scores with the
 * mean user (a popularity-like ranking). The same applies to a known index that had no training
 * events. Items past the trained catalogue are ignored in histories.
 */
public final class NeuMfModel implements SavableModel {
    public static final String KIND = "neumf";
    private static final int VERSION = 1;
    static final int FOLD_IN_STEPS = 50;
    static final int FOLD_IN_NEGATIVES = 4;
    static final double FOLD_IN_L2 = 0.1;
    static final double FOLD_IN_RATE = 0.05;
    private static final double ADAM_B1 = 0.9;
    private static final double ADAM_B2 = 0.999;

    private final NeuMfWeights p;
    private final boolean[] trained;
    private final Map<String, String> params;
    /** Item half of the first MLP layer plus its bias, items × o_1 (null without the MLP branch). */
    private final float[] itemFirst;
    /** Mean trained user vectors (fold-in start and prior). */
    private final float[] meanPg;
    private final float[] meanPm;
    private final int width;
    private final ThreadLocal<float[][]> scratch;
    private final int foldInSteps;
    private final double foldInRate;
    private final double foldInL2;

    NeuMfModel(NeuMfWeights weights, boolean[] trained, Map<String, String> params) {
        this(weights, trained, params, FOLD_IN_STEPS, FOLD_IN_RATE, FOLD_IN_L2);
    }

    /** With other fold-in settings (experiments). */
    NeuMfModel withFoldIn(int steps, double rate, double l2) {
        return new NeuMfModel(p, trained, params, steps, rate, l2);
    }

    private NeuMfModel(NeuMfWeights weights, boolean[] trained, Map<String, String> params, int foldInSteps,
                       double foldInRate, double foldInL2) {
        this.foldInSteps = foldInSteps;
        this.foldInRate = foldInRate;
        this.foldInL2 = foldInL2;
        if (trained.length != weights.users) {
            throw new IllegalArgumentException("trained-user flags: " + trained.length + " for " + weights.users + " users");
        }
        this.p = weights;
        this.trained = trained;
        this.params = Map.copyOf(params);
        int d = p.mlp ? p.mlpDim() : 0;
        int o1 = p.mlp ? p.layers[1] : 0;
        if (p.mlp) {
            itemFirst = new float[p.items * o1];
            float[] w0 = p.w[0];
            for (int i = 0; i < p.items; i++) {
                int base = i * o1;
                System.arraycopy(p.b[0], 0, itemFirst, base, o1);
                for (int j = 0; j < d; j++) {
                    float q = p.qm[i * d + j];
                    int row = (d + j) * o1;
                    for (int k = 0; k < o1; k++) {
                        itemFirst[base + k] += q * w0[row + k];
                    }
                }
            }
        } else {
            itemFirst = null;
        }
        meanPg = p.gmf ? meanRow(p.pg, p.factors) : null;
        meanPm = p.mlp ? meanRow(p.pm, d) : null;
        int wide = 1;
        for (int o : p.layers) {
            wide = Math.max(wide, o);
        }
        width = Math.max(wide, p.factors);
        // Per thread: user GMF vector, user MLP vector, user first-layer part, GMF user·h, two activation buffers.
        int len = width;
        scratch = ThreadLocal.withInitial(() -> new float[][] {new float[len], new float[len], new float[len],
                new float[len], new float[len], new float[len]});
    }

    private float[] meanRow(float[] table, int dim) {
        float[] mean = new float[dim];
        int count = 0;
        for (int u = 0; u < p.users; u++) {
            if (trained[u]) {
                for (int k = 0; k < dim; k++) {
                    mean[k] += table[u * dim + k];
                }
                count++;
            }
        }
        for (int k = 0; k < dim; k++) {
            mean[k] /= Math.max(1, count);
        }
        return mean;
    }

    @Override
    public int numItems() {
        return p.items;
    }

    /** Users with learned embeddings (dense indexes {@code 0..numUsers()-1}). */
    public int numUsers() {
        return p.users;
    }

    /** The hyperparameters it was trained with (for display). */
    public Map<String, String> params() {
        return params;
    }

    /** "neumf", "gmf" or "mlp": which branches this network has. */
    public String network() {
        return p.gmf && p.mlp ? "neumf" : p.gmf ? "gmf" : "mlp";
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        float[][] s = scratch.get();
        float[] ug = s[0];
        float[] um = s[1];
        int u = query.user();
        if (u >= 0 && u < p.users && trained[u]) {
            if (p.gmf) {
                System.arraycopy(p.pg, u * p.factors, ug, 0, p.factors);
            }
            if (p.mlp) {
                System.arraycopy(p.pm, u * p.mlpDim(), um, 0, p.mlpDim());
            }
        } else {
            foldIn(query.history(), ug, um, s);
        }
        scoreAll(ug, um, s, scoresOut);
    }

    /** Scores every item for user vectors {@code ug} (GMF) and {@code um} (MLP). */
    private void scoreAll(float[] ug, float[] um, float[][] s, float[] out) {
        float[] uh = s[2];
        float[] gw = s[3];
        int f = p.factors;
        if (p.gmf) {
            for (int k = 0; k < f; k++) {
                gw[k] = ug[k] * p.hg[k];
            }
        }
        if (p.mlp) {
            userFirst(um, uh);
        }
        for (int i = 0; i < p.items; i++) {
            float v = p.bias;
            if (p.gmf) {
                int base = i * f;
                for (int k = 0; k < f; k++) {
                    v += gw[k] * p.qg[base + k];
                }
            }
            if (p.mlp) {
                v += mlpLogit(uh, i, s, null);
            }
            out[i] = v;
        }
    }

    /** The user half of the first MLP layer: {@code p'_u W_1[:d]}. */
    private void userFirst(float[] um, float[] out) {
        int d = p.mlpDim();
        int o1 = p.layers[1];
        Arrays.fill(out, 0, o1, 0f);
        float[] w0 = p.w[0];
        for (int j = 0; j < d; j++) {
            float x = um[j];
            int row = j * o1;
            for (int k = 0; k < o1; k++) {
                out[k] += x * w0[row + k];
            }
        }
    }

    /**
     * The MLP branch's contribution {@code z_L · hm} for item {@code i} given the user's first-layer
     * part. When {@code acts} is given, it receives every layer's activations (for back-propagation).
     */
    private float mlpLogit(float[] userFirst, int i, float[][] s, float[][] acts) {
        int o1 = p.layers[1];
        float[] a = acts == null ? s[4] : acts[0];
        int base = i * o1;
        for (int k = 0; k < o1; k++) {
            float v = userFirst[k] + itemFirst[base + k];
            a[k] = v > 0 ? v : 0;
        }
        for (int l = 1; l < p.hidden(); l++) {
            int in = p.layers[l];
            int out = p.layers[l + 1];
            float[] next = acts == null ? (a == s[4] ? s[5] : s[4]) : acts[l];
            float[] w = p.w[l];
            System.arraycopy(p.b[l], 0, next, 0, out);
            for (int j = 0; j < in; j++) {
                float x = a[j];
                if (x != 0f) {
                    int row = j * out;
                    for (int k = 0; k < out; k++) {
                        next[k] += x * w[row + k];
                    }
                }
            }
            for (int k = 0; k < out; k++) {
                if (next[k] < 0) {
                    next[k] = 0;
                }
            }
            a = next;
        }
        float v = 0;
        for (int k = 0; k < p.mlpOut(); k++) {
            v += a[k] * p.hm[k];
        }
        return v;
    }

    /**
     * Fits the user vectors of an unseen user to their history with the network frozen (see the
     * class comment): gradient descent on the mean BCE of history items (label 1) and sampled
     * non-history items (label 0), with an L2 pull towards the mean user.
     */
    private void foldIn(History history, float[] ug, float[] um, float[][] s) {
        int f = p.factors;
        int d = p.mlp ? p.mlpDim() : 0;
        if (p.gmf) {
            System.arraycopy(meanPg, 0, ug, 0, f);
        }
        if (p.mlp) {
            System.arraycopy(meanPm, 0, um, 0, d);
        }
        int[] pos = distinctItems(history);
        if (pos.length == 0) {
            return;
        }
        int negCount = pos.length >= p.items ? 0 : FOLD_IN_NEGATIVES * pos.length;
        int[] examples = new int[pos.length + negCount];
        System.arraycopy(pos, 0, examples, 0, pos.length);
        SplittableRandom rng = new SplittableRandom(Arrays.hashCode(pos) * 0x9E3779B97F4A7C15L);
        for (int e = pos.length; e < examples.length; e++) {
            int j;
            do {
                j = rng.nextInt(p.items);
            } while (Arrays.binarySearch(pos, j) >= 0);
            examples[e] = j;
        }
        int o1 = p.mlp ? p.layers[1] : 0;
        float[] uh = s[2];
        float[] gradG = new float[f];
        float[] gradFirst = new float[Math.max(1, o1)];
        float[][] acts = new float[Math.max(1, p.hidden())][];
        for (int l = 0; l < p.hidden(); l++) {
            acts[l] = new float[p.layers[l + 1]];
        }
        float[] g = new float[width];
        float[] gPrev = new float[width];
        float inv = 1f / examples.length;
        // First and second moments of every user coordinate (GMF then MLP).
        double[][] moments = new double[2][f + d];
        for (int step = 0; step < foldInSteps; step++) {
            Arrays.fill(gradG, 0f);
            Arrays.fill(gradFirst, 0f);
            if (p.mlp) {
                userFirst(um, uh);
            }
            for (int e = 0; e < examples.length; e++) {
                int i = examples[e];
                float label = e < pos.length ? 1f : 0f;
                float logit = p.bias;
                if (p.gmf) {
                    for (int k = 0; k < f; k++) {
                        logit += ug[k] * p.hg[k] * p.qg[i * f + k];
                    }
                }
                if (p.mlp) {
                    logit += mlpLogit(uh, i, s, acts);
                }
                // d BCE / d logit = σ(s) − y.
                float dl = (float) (1 / (1 + Math.exp(-logit))) - label;
                if (p.gmf) {
                    for (int k = 0; k < f; k++) {
                        gradG[k] += dl * p.hg[k] * p.qg[i * f + k];
                    }
                }
                if (p.mlp) {
                    // Back through the ReLU layers to the first layer's pre-activation.
                    int last = p.hidden() - 1;
                    for (int k = 0; k < p.mlpOut(); k++) {
                        g[k] = acts[last][k] > 0 ? dl * p.hm[k] : 0f;
                    }
                    for (int l = last; l >= 1; l--) {
                        int in = p.layers[l];
                        int out = p.layers[l + 1];
                        float[] w = p.w[l];
                        for (int j = 0; j < in; j++) {
                            float v = 0;
                            if (acts[l - 1][j] > 0) {
                                int row = j * out;
                                for (int k = 0; k < out; k++) {
                                    v += w[row + k] * g[k];
                                }
                            }
                            gPrev[j] = v;
                        }
                        System.arraycopy(gPrev, 0, g, 0, in);
                    }
                    for (int k = 0; k < o1; k++) {
                        gradFirst[k] += g[k];
                    }
                }
            }
            // Adam steps: per-coordinate scaling makes the fold-in insensitive to the weights' scale.
            double c1 = 1 - Math.pow(ADAM_B1, step + 1);
            double c2 = 1 - Math.pow(ADAM_B2, step + 1);
            if (p.gmf) {
                for (int k = 0; k < f; k++) {
                    adam(ug, k, gradG[k] * inv + foldInL2 * (ug[k] - meanPg[k]), moments, k, c1, c2);
                }
            }
            if (p.mlp) {
                float[] w0 = p.w[0];
                for (int j = 0; j < d; j++) {
                    float v = 0;
                    int row = j * o1;
                    for (int k = 0; k < o1; k++) {
                        v += w0[row + k] * gradFirst[k];
                    }
                    adam(um, j, v * inv + foldInL2 * (um[j] - meanPm[j]), moments, f + j, c1, c2);
                }
            }
        }
    }

    private void adam(float[] x, int i, double grad, double[][] moments, int slot, double c1, double c2) {
        double m = moments[0][slot] = ADAM_B1 * moments[0][slot] + (1 - ADAM_B1) * grad;
        double v = moments[1][slot] = ADAM_B2 * moments[1][slot] + (1 - ADAM_B2) * grad * grad;
        x[i] -= (float) (foldInRate * (m / c1) / (Math.sqrt(v / c2) + 1e-8));
    }

    /** The history's distinct item indexes below {@link #numItems()}, sorted. */
    private int[] distinctItems(History history) {
        int n = history.size();
        int[] items = new int[n];
        int w = 0;
        for (int i = 0; i < n; i++) {
            int item = history.item(i);
            if (item >= 0 && item < p.items) {
                items[w++] = item;
            }
        }
        Arrays.sort(items, 0, w);
        int d = 0;
        for (int i = 0; i < w; i++) {
            if (d == 0 || items[d - 1] != items[i]) {
                items[d++] = items[i];
            }
        }
        return Arrays.copyOf(items, d);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int payloadVersion() {
        return VERSION;
    }

    @Override
    public void writePayload(ModelWriter out) throws IOException {
        out.writeInt(p.users);
        out.writeInt(p.items);
        out.writeInt(p.factors);
        out.writeInts(p.layers);
        out.writeBoolean(p.gmf);
        out.writeBoolean(p.mlp);
        out.writeStringMap(params);
        int[] flags = new int[p.users];
        for (int u = 0; u < p.users; u++) {
            flags[u] = trained[u] ? 1 : 0;
        }
        out.writeInts(flags);
        if (p.gmf) {
            out.writeMatrix(p.users, p.factors, p.pg);
            out.writeMatrix(p.items, p.factors, p.qg);
            out.writeFloats(p.hg);
        }
        if (p.mlp) {
            out.writeMatrix(p.users, p.mlpDim(), p.pm);
            out.writeMatrix(p.items, p.mlpDim(), p.qm);
            for (int l = 0; l < p.hidden(); l++) {
                out.writeMatrix(p.layers[l], p.layers[l + 1], p.w[l]);
                out.writeFloats(p.b[l]);
            }
            out.writeFloats(p.hm);
        }
        out.writeFloat(p.bias);
    }

    /** Decoder registered with {@code ModelStore} under {@link #KIND}. */
    public static NeuMfModel read(ModelReader in, int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("neumf model payload version " + version + " is not supported (expected " + VERSION + ")");
        }
        int users = in.readInt();
        int items = in.readInt();
        int factors = in.readInt();
        int[] layers = in.readInts();
        boolean gmf = in.readBoolean();
        boolean mlp = in.readBoolean();
        if (users < 0 || items < 0 || factors < 1 || layers.length < 2 || layers[0] % 2 != 0 || (!gmf && !mlp)) {
            throw new IOException("neumf model: bad dimensions " + users + " users, " + items + " items, factors "
                    + factors + ", layers " + Arrays.toString(layers));
        }
        for (int o : layers) {
            if (o < 1) {
                throw new IOException("neumf model: bad layer size in " + Arrays.toString(layers));
            }
        }
        Map<String, String> params = new LinkedHashMap<>(in.readStringMap());
        int[] flags = in.readInts();
        if (flags.length != users) {
            throw new IOException("neumf model: " + flags.length + " trained-user flags for " + users + " users");
        }
        boolean[] trained = new boolean[users];
        for (int u = 0; u < users; u++) {
            trained[u] = flags[u] != 0;
        }
        NeuMfWeights p = new NeuMfWeights(users, items, factors, layers, gmf, mlp);
        if (gmf) {
            p.pg = in.readMatrix(users, factors);
            p.qg = in.readMatrix(items, factors);
            p.hg = vector(in, factors);
        }
        if (mlp) {
            p.pm = in.readMatrix(users, p.mlpDim());
            p.qm = in.readMatrix(items, p.mlpDim());
            p.w = new float[p.hidden()][];
            p.b = new float[p.hidden()][];
            for (int l = 0; l < p.hidden(); l++) {
                p.w[l] = in.readMatrix(layers[l], layers[l + 1]);
                p.b[l] = vector(in, layers[l + 1]);
            }
            p.hm = vector(in, p.mlpOut());
        }
        p.bias = in.readFloat();
        return new NeuMfModel(p, trained, params);
    }

    private static float[] vector(ModelReader in, int n) throws IOException {
        float[] v = in.readFloats();
        if (v.length != n) {
            throw new IOException("neumf model: expected a vector of " + n + " values, found " + v.length);
        }
        return v;
    }
}
