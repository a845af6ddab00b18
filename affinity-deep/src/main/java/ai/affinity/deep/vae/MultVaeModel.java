package ai.affinity.deep.vae;

import ai.affinity.data.History;
import ai.affinity.math.Vectors;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted {@link MultVae}: the network's weights as Java arrays, scored in pure Java. A query's
 * history (each item once, as a binary vector, L2-normalised) goes through the encoder to the
 * posterior mean {@code μ = W2ᵀ tanh(W1ᵀ x̂ + b1) + b2} (first {@code latent} outputs), and the
 * decoder's logits {@code W4ᵀ tanh(W3ᵀ μ + b3) + b4} are the scores (softmax is monotone, so the
 * logits rank the same). Every user is folded in from their history; there is no user embedding,
 * so known and unknown users are scored alike. Items past the trained catalogue are ignored in the
 * history. Immutable and thread-safe (per-thread scratch); scoring costs
 * {@code O(|history|·h + h·l + l·h + h·n)} multiply-adds. An ensemble ({@code ensemble=K}) holds K
 * networks and scores with the mean of their logits (each member's log-softmax differs from its
 * logits by a per-query constant, so this ranks as the mean log-probability does).
 */
public final class MultVaeModel implements SavableModel {
    public static final String KIND = "multvae";
    /** Payload 1: one network; 2: the number of networks, then each as in version 1. */
    private static final int VERSION = 1;
    private static final int VERSION_ENSEMBLE = 2;

    private final int numItems;
    private final int hidden;
    private final int latent;
    /** Rows of W1 (one per item, length hidden), b1, W2's mean columns by row (hidden rows of length latent), b2's mean part. */
    private final float[][] w1;
    private final float[] b1;
    private final float[][] w2;
    private final float[] b2;
    /** W3 rows (latent rows of length hidden), b3, W4 rows (hidden rows of length numItems), b4. */
    private final float[][] w3;
    private final float[] b3;
    private final float[][] w4;
    private final float[] b4;
    private final Map<String, String> params;
    /** Ensemble members after this network (empty for one network); scores are the mean over all. */
    private final List<MultVaeModel> others;
    private final ThreadLocal<float[][]> scratch;

    MultVaeModel(int numItems, int hidden, int latent, float[][] w1, float[] b1, float[][] w2, float[] b2,
                 float[][] w3, float[] b3, float[][] w4, float[] b4, Map<String, String> params) {
        this(numItems, hidden, latent, w1, b1, w2, b2, w3, b3, w4, b4, params, List.of());
    }

    private MultVaeModel(int numItems, int hidden, int latent, float[][] w1, float[] b1, float[][] w2, float[] b2,
                         float[][] w3, float[] b3, float[][] w4, float[] b4, Map<String, String> params,
                         List<MultVaeModel> others) {
        check(w1.length == numItems && b1.length == hidden && w2.length == hidden && b2.length == latent
                && w3.length == latent && b3.length == hidden && w4.length == hidden && b4.length == numItems,
                "weight shapes do not match " + numItems + " items, hidden " + hidden + ", latent " + latent);
        this.numItems = numItems;
        this.hidden = hidden;
        this.latent = latent;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.w3 = w3;
        this.b3 = b3;
        this.w4 = w4;
        this.b4 = b4;
        this.params = Map.copyOf(params);
        for (MultVaeModel m : others) {
            check(m.numItems == numItems && m.others.isEmpty(), "ensemble members must score the same " + numItems
                    + " items and be single networks");
        }
        this.others = List.copyOf(others);
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[hidden], new float[latent], new float[hidden],
                others.isEmpty() ? new float[0] : new float[numItems]});
    }

    /** An ensemble of single networks over the same items, with the first member's parameters; its scores are their mean. */
    static MultVaeModel ensemble(List<MultVaeModel> members) {
        check(!members.isEmpty(), "an ensemble needs at least one network");
        MultVaeModel f = members.get(0);
        if (members.size() == 1) {
            return f;
        }
        return new MultVaeModel(f.numItems, f.hidden, f.latent, f.w1, f.b1, f.w2, f.b2, f.w3, f.b3, f.w4, f.b4, f.params,
                members.subList(1, members.size()));
    }

    /** Networks in this model: 1, or the ensemble's size. */
    public int networks() {
        return 1 + others.size();
    }

    /**
     * Builds a model from the network's row-major arrays as trained ({@code w1 n×h, b1 h, w2 h×2l,
     * b2 2l, w3 l×h, b3 h, w4 h×n, b4 n}); the log-variance half of the encoder is dropped.
     */
    static MultVaeModel fromNetwork(int numItems, int hidden, int latent, float[][] w, Map<String, String> params) {
        float[][] w2 = new float[hidden][latent];
        for (int k = 0; k < hidden; k++) {
            System.arraycopy(w[2], k * 2 * latent, w2[k], 0, latent);
        }
        return new MultVaeModel(numItems, hidden, latent, rows(w[0], numItems, hidden), w[1].clone(), w2,
                Arrays.copyOf(w[3], latent), rows(w[4], latent, hidden), w[5].clone(), rows(w[6], hidden, numItems),
                w[7].clone(), params);
    }

    private static float[][] rows(float[] a, int rows, int cols) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(a, r * cols, (r + 1) * cols);
        }
        return out;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    public int hidden() {
        return hidden;
    }

    public int latent() {
        return latent;
    }

    /** The hyperparameters it was trained with (for display). */
    public Map<String, String> params() {
        return params;
    }

    @Override
    public Map<String, String> fitFacts() {
        String best = params.get("best_epoch");
        return best == null ? Map.of() : Map.of("best_epoch", best);
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        scoreNetwork(query, scoresOut);
        if (others.isEmpty()) {
            return;
        }
        float[] member = scratch.get()[3];
        for (MultVaeModel m : others) {
            m.scoreNetwork(query, member);
            Vectors.axpy(1f, member, scoresOut, numItems);
        }
        float inv = 1f / networks();
        for (int i = 0; i < numItems; i++) {
            scoresOut[i] *= inv;
        }
    }

    /** This network's logits (not the ensemble's mean). */
    private void scoreNetwork(UserQuery query, float[] scoresOut) {
        float[][] s = scratch.get();
        float[] h = s[0];
        float[] mu = s[1];
        float[] g = s[2];
        int[] items = distinctItems(query.history());
        // Encoder: x̂ has value 1/sqrt(|items|) on each history item, so x̂ W1 is a scaled sum of rows.
        System.arraycopy(b1, 0, h, 0, hidden);
        float inv = items.length == 0 ? 0f : (float) (1.0 / Math.sqrt(items.length));
        for (int item : items) {
            Vectors.axpy(inv, w1[item], h, hidden);
        }
        tanh(h);
        System.arraycopy(b2, 0, mu, 0, latent);
        for (int k = 0; k < hidden; k++) {
            Vectors.axpy(h[k], w2[k], mu, latent);
        }
        // Decoder from the posterior mean.
        System.arraycopy(b3, 0, g, 0, hidden);
        for (int k = 0; k < latent; k++) {
            Vectors.axpy(mu[k], w3[k], g, hidden);
        }
        tanh(g);
        System.arraycopy(b4, 0, scoresOut, 0, numItems);
        for (int k = 0; k < hidden; k++) {
            Vectors.axpy(g[k], w4[k], scoresOut, numItems);
        }
    }

    /** The history's distinct item indexes below {@link #numItems()}. */
    private int[] distinctItems(History history) {
        int n = history.size();
        int[] items = new int[n];
        int w = 0;
        for (int i = 0; i < n; i++) {
            int item = history.item(i);
            if (item >= 0 && item < numItems) {
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
        return d == n ? items : Arrays.copyOf(items, d);
    }

    private static void tanh(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.tanh(v[i]);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int payloadVersion() {
        return others.isEmpty() ? VERSION : VERSION_ENSEMBLE;
    }

    @Override
    public void writePayload(ModelWriter out) throws IOException {
        if (others.isEmpty()) {
            writeNetwork(out);
            return;
        }
        out.writeInt(networks());
        writeNetwork(out);
        for (MultVaeModel m : others) {
            m.writeNetwork(out);
        }
    }

    private void writeNetwork(ModelWriter out) throws IOException {
        out.writeInt(numItems);
        out.writeInt(hidden);
        out.writeInt(latent);
        out.writeStringMap(params);
        writeRows(out, w1);
        out.writeFloats(b1);
        writeRows(out, w2);
        out.writeFloats(b2);
        writeRows(out, w3);
        out.writeFloats(b3);
        writeRows(out, w4);
        out.writeFloats(b4);
    }

    /** Decoder registered with {@code ModelStore} under {@link #KIND}. */
    public static MultVaeModel read(ModelReader in, int version) throws IOException {
        if (version == VERSION) {
            return readNetwork(in);
        }
        if (version != VERSION_ENSEMBLE) {
            throw new IOException("multvae model payload version " + version + " is not supported (expected "
                    + VERSION + " or " + VERSION_ENSEMBLE + ")");
        }
        int count = in.readInt();
        if (count < 2 || count > MultVae.MAX_ENSEMBLE) {
            throw new IOException("multvae model: bad number of networks " + count + " (expected 2.." + MultVae.MAX_ENSEMBLE + ")");
        }
        List<MultVaeModel> members = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            MultVaeModel m = readNetwork(in);
            if (k > 0 && m.numItems != members.get(0).numItems) {
                throw new IOException("multvae model: ensemble member " + k + " scores " + m.numItems + " items, not "
                        + members.get(0).numItems);
            }
            members.add(m);
        }
        return ensemble(members);
    }

    private static MultVaeModel readNetwork(ModelReader in) throws IOException {
        int numItems = in.readInt();
        int hidden = in.readInt();
        int latent = in.readInt();
        if (numItems < 0 || hidden < 1 || latent < 1) {
            throw new IOException("multvae model: bad dimensions " + numItems + " items, hidden " + hidden + ", latent "
                    + latent);
        }
        Map<String, String> params = new LinkedHashMap<>(in.readStringMap());
        float[][] w1 = readRows(in, numItems, hidden);
        float[] b1 = readVector(in, hidden);
        float[][] w2 = readRows(in, hidden, latent);
        float[] b2 = readVector(in, latent);
        float[][] w3 = readRows(in, latent, hidden);
        float[] b3 = readVector(in, hidden);
        float[][] w4 = readRows(in, hidden, numItems);
        float[] b4 = readVector(in, numItems);
        return new MultVaeModel(numItems, hidden, latent, w1, b1, w2, b2, w3, b3, w4, b4, params);
    }

    private static void writeRows(ModelWriter out, float[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        out.writeMatrix(rows.length, cols, flat);
    }

    private static float[][] readRows(ModelReader in, int rows, int cols) throws IOException {
        return rows(in.readMatrix(rows, cols), rows, cols);
    }

    private static float[] readVector(ModelReader in, int n) throws IOException {
        float[] v = in.readFloats();
        if (v.length != n) {
            throw new IOException("multvae model: expected a vector of " + n + " values, found " + v.length);
        }
        return v;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
