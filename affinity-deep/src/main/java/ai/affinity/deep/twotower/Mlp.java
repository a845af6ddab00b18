package ai.affinity.deep.twotower;

import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;

import java.io.IOException;

/**
 * A tower's MLP in pure Java: {@code y = W2ᵀ relu(W1ᵀ x + b1) + b2}, then L2-normalised
 * ({@code y / √(‖y‖² + 1e-6)}, exactly as the training graph does). Weights are row-major as
 * trained ({@code W1: in × hidden}, {@code W2: hidden × out}). Immutable; {@link #forward} uses
 * caller-provided scratch, so one instance serves many threads.
 */
record Mlp(int in, int hidden, int out, float[] w1, float[] b1, float[] w2, float[] b2) {
    /** Inside the square root; 1e-6 bounds the normalisation's gradient (about 1/‖y‖) at 1e3 near y = 0, where 1e-12 let a fit blow up to NaN. */
    static final double NORM_EPS = 1e-6;

    Mlp {
        if (w1.length != in * hidden || b1.length != hidden || w2.length != hidden * out || b2.length != out) {
            throw new IllegalArgumentException("MLP weights do not match " + in + " -> " + hidden + " -> " + out);
        }
    }

    /** Writes the normalised output of {@code x} (length in) into {@code y} (length out); {@code h} is scratch (length hidden). */
    void forward(float[] x, float[] h, float[] y) {
        preActivation(x, h);
        System.arraycopy(b2, 0, y, 0, out);
        for (int k = 0; k < hidden; k++) {
            float hk = h[k];
            if (hk > 0f) {
                axpyRow(hk, w2, k * out, y, out);
            }
        }
        double sq = 0;
        for (int j = 0; j < out; j++) {
            sq += (double) y[j] * y[j];
        }
        float inv = (float) (1.0 / Math.sqrt(sq + NORM_EPS));
        for (int j = 0; j < out; j++) {
            y[j] *= inv;
        }
    }

    /** The hidden layer before the relu, {@code W1ᵀ x + b1}, into {@code h} (length hidden). */
    void preActivation(float[] x, float[] h) {
        System.arraycopy(b1, 0, h, 0, hidden);
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            if (xi != 0f) {
                axpyRow(xi, w1, i * hidden, h, hidden);
            }
        }
    }

    private static void axpyRow(float a, float[] m, int off, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * m[off + j];
        }
    }

    void write(ModelWriter w) throws IOException {
        w.writeInt(in);
        w.writeInt(hidden);
        w.writeInt(out);
        w.writeFloats(w1);
        w.writeFloats(b1);
        w.writeFloats(w2);
        w.writeFloats(b2);
    }

    static Mlp read(ModelReader r) throws IOException {
        int in = r.readInt();
        int hidden = r.readInt();
        int out = r.readInt();
        try {
            return new Mlp(in, hidden, out, r.readFloats(), r.readFloats(), r.readFloats(), r.readFloats());
        } catch (IllegalArgumentException e) {
            throw new IOException("twotower model: " + e.getMessage());
        }
    }
}
