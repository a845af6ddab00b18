package ai.affinity.model.als;

import ai.affinity.math.Vectors;

import ai.affinity.data.History;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A fitted iALS model: user factors {@code X} ({@code numUsers x f}), item factors {@code Y}
 * ({@code numItems x f}) and the item Gram matrix {@code YᵀY}. The score of item {@code i} is
 * {@code x_uᵀ y_i}.
 *
 * <p>A trained user ({@code 0 <= query.user() < numUsers()}) is scored from their trained vector. Any
 * other query is folded in exactly from {@code query.history()}: with the history's confidences
 * {@code C_u} (repeated items count once, with their latest value; items the model does not know are
 * skipped) it solves {@code (YᵀY + Yᵀ(C_u - I)Y + λI) x = Yᵀ C_u p_u} by Cholesky in
 * {@code O(n·f² + f³)} for {@code n} history events. This is the same problem a training user's row
 * solves, so folding in a training user's own history gives their exact least-squares vector.
 *
 * <p>Immutable and thread-safe; scoring allocates only per-thread scratch.
 */
public final class IalsModel implements SavableModel {
    private final Ials params;
    private final int numUsers;
    private final int numItems;
    private final int f;
    private final float[][] userFactors;
    private final float[][] itemFactors;
    /** {@code itemColumns[k][i] = y_i[k]}: scoring all items is then {@code f} vectorisable passes. */
    private final float[][] itemColumns;
    private final double[] itemGram;
    private final ThreadLocal<Scratch> scratch;

    /** Takes ownership of the arrays: user rows, item rows (each of length f) and row-major YᵀY. */
    IalsModel(Ials params, float[][] userFactors, float[][] itemFactors, double[] itemGram) {
        this.params = params;
        this.numUsers = userFactors.length;
        this.numItems = itemFactors.length;
        this.f = params.factors();
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.itemGram = itemGram;
        this.itemColumns = new float[f][numItems];
        for (int i = 0; i < numItems; i++) {
            for (int k = 0; k < f; k++) {
                itemColumns[k][i] = itemFactors[i][k];
            }
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(f, numItems));
    }

    @Override
    public int numItems() {
        return numItems;
    }

    public int numUsers() {
        return numUsers;
    }

    public int factors() {
        return f;
    }

    /** The hyperparameters this model was trained with. */
    public Ials params() {
        return params;
    }

    /** The user rows themselves (package-private: the incremental update copies them, never writes them). */
    float[][] userRows() {
        return userFactors;
    }

    /** The item rows themselves (package-private, read-only use). */
    float[][] itemRows() {
        return itemFactors;
    }

    /** A copy of user {@code u}'s factors. */
    public float[] userVector(int u) {
        return userFactors[u].clone();
    }

    /** A copy of item {@code i}'s factors. */
    public float[] itemVector(int i) {
        return itemFactors[i].clone();
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        int u = query.user();
        if (u >= 0 && u < numUsers) {
            scoreVector(userFactors[u], scoresOut);
            return;
        }
        Scratch s = scratch.get();
        foldIn(query.history(), s);
        for (int k = 0; k < f; k++) {
            s.x[k] = (float) s.b[k];
        }
        scoreVector(s.x, scoresOut);
    }

    /** The exact least-squares user vector for {@code history} (see the class documentation). */
    public float[] foldIn(History history) {
        Scratch s = new Scratch(f, numItems);
        foldIn(history, s);
        float[] x = new float[f];
        for (int k = 0; k < f; k++) {
            x[k] = (float) s.b[k];
        }
        return x;
    }

    private void foldIn(History history, Scratch s) {
        // Keep each known item once, with its latest value (the history is in time order).
        int n = 0;
        s.ensure(history.size());
        for (int e = history.size() - 1; e >= 0; e--) {
            int item = history.item(e);
            if (item < 0 || item >= numItems || s.seen[item] == s.stamp) {
                continue;
            }
            s.seen[item] = s.stamp;
            s.cols[n] = item;
            s.conf[n] = params.confidenceOf(history.value(e));
            n++;
        }
        if (n == 0) {
            Arrays.fill(s.b, 0);
            return;
        }
        double lambda = params.scaleLambda() ? params.lambda() * n : params.lambda();
        exactSolve(itemGram, lambda, itemFactors, s.cols, s.conf, 0, n, f, s.a, s.b);
    }

    private void scoreVector(float[] x, float[] scoresOut) {
        Arrays.fill(scoresOut, 0, numItems, 0f);
        for (int k = 0; k < f; k++) {
            Vectors.axpy(x[k], itemColumns[k], scoresOut, numItems);
        }
    }

    /**
     * The exact solve of one row: {@code (G + λI + Σ_j (c_j - 1) y_j y_jᵀ) x = Σ_j c_j y_j} by Cholesky.
     * {@code a} ({@code f x f}) is scratch; the solution is left in {@code b} (length {@code f}).
     */
    static void exactSolve(double[] gram, double lambda, float[][] y, int[] cols, float[] conf, int from, int to,
                           int f, double[] a, double[] b) {
        System.arraycopy(gram, 0, a, 0, f * f);
        Arrays.fill(b, 0, f, 0);
        for (int k = 0; k < f; k++) {
            a[k * f + k] += lambda;
        }
        for (int e = from; e < to; e++) {
            float[] ye = y[cols[e]];
            double c = conf[e];
            double w = c - 1;
            for (int i = 0; i < f; i++) {
                double yi = ye[i];
                b[i] += c * yi;
                double wyi = w * yi;
                int base = i * f;
                for (int j = i; j < f; j++) {
                    a[base + j] += wyi * ye[j];
                }
            }
        }
        DenseMath.choleskySolve(a, b, f);
    }

    @Override
    public String kind() {
        return Ials.NAME;
    }

    @Override
    public int payloadVersion() {
        return 1;
    }

    @Override
    public void writePayload(ModelWriter out) throws IOException {
        out.writeInt(f);
        out.writeDouble(params.alpha());
        out.writeDouble(params.lambda());
        out.writeInt(params.iterations());
        out.writeString(params.confidence().name());
        out.writeDouble(params.epsilon());
        out.writeBoolean(params.useValues());
        out.writeBoolean(params.scaleLambda());
        out.writeString(params.solver().name());
        out.writeInt(params.cgSteps());
        out.writeDouble(params.initStd());
        out.writeInt(numUsers);
        out.writeInt(numItems);
        out.writeMatrix(numUsers, f, flatten(userFactors, f));
        out.writeMatrix(numItems, f, flatten(itemFactors, f));
        out.writeDoubles(itemGram);
    }

    /** Reads what {@link #writePayload} wrote (payload version 1). */
    public static IalsModel read(ModelReader in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("ials model payload version " + version + " is not supported (expected 1)");
        }
        int f = in.readInt();
        Ials params;
        try {
            params = new Ials(f, in.readDouble(), in.readDouble(), in.readInt(),
                    Ials.Confidence.valueOf(in.readString().toUpperCase(Locale.ROOT)), in.readDouble(),
                    in.readBoolean(), in.readBoolean(), Ials.Solver.valueOf(in.readString().toUpperCase(Locale.ROOT)),
                    in.readInt(), in.readDouble());
        } catch (IllegalArgumentException e) {
            throw new IOException("ials model: bad hyperparameters: " + e.getMessage(), e);
        }
        int numUsers = in.readInt();
        int numItems = in.readInt();
        if (numUsers < 0 || numItems < 0) {
            throw new IOException("ials model: bad dimensions " + numUsers + " x " + numItems);
        }
        float[][] x = rows(in.readMatrix(numUsers, f), numUsers, f);
        float[][] y = rows(in.readMatrix(numItems, f), numItems, f);
        double[] g = in.readDoubles();
        if (g.length != f * f) {
            throw new IOException("ials model: Gram matrix has " + g.length + " values, expected " + f * f);
        }
        return new IalsModel(params, x, y, g);
    }

    private static float[] flatten(float[][] rows, int f) {
        float[] out = new float[Math.multiplyExact(rows.length, f)];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * f, f);
        }
        return out;
    }

    private static float[][] rows(float[] flat, int n, int f) {
        float[][] out = new float[n][];
        for (int r = 0; r < n; r++) {
            out[r] = Arrays.copyOfRange(flat, r * f, (r + 1) * f);
        }
        return out;
    }

    /** Per-thread fold-in scratch. */
    private static final class Scratch {
        final double[] a;
        final double[] b;
        final float[] x;
        final int[] seen;
        int stamp;
        int[] cols = new int[16];
        float[] conf = new float[16];

        /** Room for {@code n} events and a fresh stamp (the seen-marks of earlier calls become stale). */
        void ensure(int n) {
            if (cols.length < n) {
                cols = new int[n];
                conf = new float[n];
            }
            if (++stamp == Integer.MAX_VALUE) {
                Arrays.fill(seen, 0);
                stamp = 1;
            }
        }

        Scratch(int f, int numItems) {
            a = new double[f * f];
            b = new double[f];
            x = new float[f];
            seen = new int[numItems];
        }
    }
}
