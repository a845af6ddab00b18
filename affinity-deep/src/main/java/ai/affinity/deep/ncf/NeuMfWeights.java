package ai.affinity.deep.ncf;

import ai.affinity.deep.train.SparseEmbedding;
import ai.affinity.deep.train.Weights;

import java.util.SplittableRandom;

/**
 * NeuMF's parameters as plain Java arrays (row-major), for one of three networks: GMF only, MLP
 * only, or both fused (NeuMF). Shapes, for {@code U} users, {@code N} items, {@code f} GMF factors
 * and MLP sizes {@code layers = [2d, o1, ..., oL]}: {@code pg U×f, qg N×f} (GMF embeddings),
 * {@code pm U×d, qm N×d} (MLP embeddings), {@code w[l] in×out, b[l] out} for the ReLU layers
 * ({@code 2d→o1→...→oL}), the prediction vector {@code hg f} / {@code hm oL} and its bias.
 * Absent branches hold null arrays. Mutable (training and pre-training fill it); the fitted
 * {@link NeuMfModel} copies nothing and never changes it.
 */
final class NeuMfWeights {
    final int users;
    final int items;
    final int factors;
    final int[] layers;
    final boolean gmf;
    final boolean mlp;
    float[] pg;
    float[] qg;
    float[] pm;
    float[] qm;
    float[][] w;
    float[][] b;
    float[] hg;
    float[] hm;
    float bias;

    NeuMfWeights(int users, int items, int factors, int[] layers, boolean gmf, boolean mlp) {
        if (!gmf && !mlp) {
            throw new IllegalArgumentException("NeuMF needs the GMF branch, the MLP branch or both");
        }
        if (layers.length < 2 || layers[0] % 2 != 0) {
            throw new IllegalArgumentException("MLP layers need an even input size and at least one hidden layer; got "
                    + java.util.Arrays.toString(layers));
        }
        this.users = users;
        this.items = items;
        this.factors = factors;
        this.layers = layers.clone();
        this.gmf = gmf;
        this.mlp = mlp;
    }

    /** MLP embedding width (half the first layer: user and item embeddings are concatenated). */
    int mlpDim() {
        return layers[0] / 2;
    }

    int hidden() {
        return layers.length - 1;
    }

    /** Width of the last MLP layer. */
    int mlpOut() {
        return layers[layers.length - 1];
    }

    /**
     * The paper's initialisation: embeddings N(0, std²), ReLU layers Glorot uniform with zero
     * biases, the prediction vector LeCun uniform, zero bias.
     */
    static NeuMfWeights initialise(int users, int items, int factors, int[] layers, boolean gmf, boolean mlp,
                                   double std, SplittableRandom rng) {
        NeuMfWeights p = new NeuMfWeights(users, items, factors, layers, gmf, mlp);
        if (gmf) {
            p.pg = gaussian(users * factors, std, rng);
            p.qg = gaussian(items * factors, std, rng);
            p.hg = uniform(factors, Math.sqrt(3.0 / (gmf && mlp ? factors + p.mlpOut() : factors)), rng);
        }
        if (mlp) {
            int d = p.mlpDim();
            p.pm = gaussian(users * d, std, rng);
            p.qm = gaussian(items * d, std, rng);
            p.w = new float[p.hidden()][];
            p.b = new float[p.hidden()][];
            for (int l = 0; l < p.hidden(); l++) {
                int in = layers[l];
                int out = layers[l + 1];
                p.w[l] = uniform(in * out, Math.sqrt(6.0 / (in + out)), rng);
                p.b[l] = new float[out];
            }
            p.hm = uniform(p.mlpOut(), Math.sqrt(3.0 / (gmf ? factors + p.mlpOut() : p.mlpOut())), rng);
        }
        return p;
    }

    /**
     * NeuMF initialised from pre-trained GMF and MLP networks as in the paper: embeddings and layers
     * copied, the prediction vector {@code [alpha·hg, (1 − alpha)·hm]} and bias
     * {@code alpha·bg + (1 − alpha)·bm}.
     */
    static NeuMfWeights fuse(NeuMfWeights g, NeuMfWeights m, double alpha) {
        if (!g.gmf || g.mlp || !m.mlp || m.gmf) {
            throw new IllegalArgumentException("fuse needs a GMF-only and an MLP-only network");
        }
        NeuMfWeights p = new NeuMfWeights(g.users, g.items, g.factors, m.layers, true, true);
        p.pg = g.pg.clone();
        p.qg = g.qg.clone();
        p.pm = m.pm.clone();
        p.qm = m.qm.clone();
        p.w = deepClone(m.w);
        p.b = deepClone(m.b);
        p.hg = scaled(g.hg, alpha);
        p.hm = scaled(m.hm, 1 - alpha);
        p.bias = (float) (alpha * g.bias + (1 - alpha) * m.bias);
        return p;
    }

    /** Adds every array to {@code weights} under its name ({@link #names()}), as trainable arrays. */
    void addTo(Weights weights) {
        if (gmf) {
            weights.add("pg", pg, users, factors);
            weights.add("qg", qg, items, factors);
            weights.add("hg", hg, factors, 1);
        }
        if (mlp) {
            weights.add("pm", pm, users, mlpDim());
            weights.add("qm", qm, items, mlpDim());
            for (int l = 0; l < hidden(); l++) {
                weights.add("w" + l, w[l], layers[l], layers[l + 1]);
                weights.add("b" + l, b[l], layers[l + 1]);
            }
            weights.add("hm", hm, mlpOut(), 1);
        }
        weights.add("bias", new float[] {bias}, 1);
    }

    /**
     * Adds the network to {@code weights} for training with sparse embedding rows: the four
     * embedding tables become {@link SparseEmbedding}s that train <b>these</b> arrays in place (only
     * the rows a batch touches are read and updated, with per-row Adam and L2 decay {@code wd}
     * applied lazily to touched rows), the rest are dense trainable arrays as in {@link #addTo}.
     *
     * @return the sparse tables {@code [pg, qg, pm, qm]}, null where the branch is absent
     */
    SparseEmbedding[] addSparseTo(Weights weights, float wd) {
        SparseEmbedding[] t = new SparseEmbedding[4];
        if (gmf) {
            t[0] = weights.addSparse(new SparseEmbedding("pg", users, factors, pg, wd, false));
            t[1] = weights.addSparse(new SparseEmbedding("qg", items, factors, qg, wd, false));
            weights.add("hg", hg, factors, 1);
        }
        if (mlp) {
            t[2] = weights.addSparse(new SparseEmbedding("pm", users, mlpDim(), pm, wd, false));
            t[3] = weights.addSparse(new SparseEmbedding("qm", items, mlpDim(), qm, wd, false));
            for (int l = 0; l < hidden(); l++) {
                weights.add("w" + l, w[l], layers[l], layers[l + 1]);
                weights.add("b" + l, b[l], layers[l + 1]);
            }
            weights.add("hm", hm, mlpOut(), 1);
        }
        weights.add("bias", new float[] {bias}, 1);
        return t;
    }

    /**
     * Reads the current values back from {@code weights} (after or during training). Embedding
     * tables registered as sparse ({@link #addSparseTo}) are these arrays already and are kept.
     */
    void readFrom(Weights weights) {
        boolean dense = weights.names().contains(gmf ? "pg" : "pm");
        if (gmf) {
            if (dense) {
                pg = weights.values("pg");
                qg = weights.values("qg");
            }
            hg = weights.values("hg");
        }
        if (mlp) {
            if (dense) {
                pm = weights.values("pm");
                qm = weights.values("qm");
            }
            w = new float[hidden()][];
            b = new float[hidden()][];
            for (int l = 0; l < hidden(); l++) {
                w[l] = weights.values("w" + l);
                b[l] = weights.values("b" + l);
            }
            hm = weights.values("hm");
        }
        bias = weights.values("bias")[0];
    }

    /** A deep copy (the model keeps its own arrays, so later training cannot change it). */
    NeuMfWeights copy() {
        NeuMfWeights p = new NeuMfWeights(users, items, factors, layers, gmf, mlp);
        p.pg = pg == null ? null : pg.clone();
        p.qg = qg == null ? null : qg.clone();
        p.pm = pm == null ? null : pm.clone();
        p.qm = qm == null ? null : qm.clone();
        p.w = w == null ? null : deepClone(w);
        p.b = b == null ? null : deepClone(b);
        p.hg = hg == null ? null : hg.clone();
        p.hm = hm == null ? null : hm.clone();
        p.bias = bias;
        return p;
    }

    private static float[][] deepClone(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    private static float[] scaled(float[] a, double s) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] * s);
        }
        return out;
    }

    private static float[] gaussian(int n, double std, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (std * rng.nextGaussian());
        }
        return v;
    }

    private static float[] uniform(int n, double limit, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
        }
        return v;
    }
}
