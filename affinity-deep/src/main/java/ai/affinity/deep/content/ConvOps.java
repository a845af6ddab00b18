package ai.affinity.deep.content;

/**
 * The pure-Java forward pass of the small CNNs (image and audio encoders) after training, so that
 * frozen encoders run without native calls and are thread-safe. Layouts match PyTorch's:
 * activations {@code [channels][height][width]} row-major, convolution weights
 * {@code [out][in][kh][kw]}, linear weights {@code [out][in]}. Tests check every op against DJL.
 */
public final class ConvOps {
    private ConvOps() {
    }

    /**
     * 3×3 convolution, stride 1, zero padding 1 (output has the input's height and width), plus bias.
     */
    public static float[] conv3x3(float[] in, int inC, int h, int w, float[] weight, float[] bias, int outC) {
        float[] out = new float[outC * h * w];
        for (int o = 0; o < outC; o++) {
            int ob = o * h * w;
            java.util.Arrays.fill(out, ob, ob + h * w, bias[o]);
            for (int c = 0; c < inC; c++) {
                int ib = c * h * w;
                int wb = (o * inC + c) * 9;
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        float k = weight[wb + ky * 3 + kx];
                        int dy = ky - 1;
                        int dx = kx - 1;
                        int y0 = Math.max(0, -dy);
                        int y1 = Math.min(h, h - dy);
                        int x0 = Math.max(0, -dx);
                        int x1 = Math.min(w, w - dx);
                        // Loop order keeps the innermost loop a contiguous row: the JIT vectorises it.
                        for (int y = y0; y < y1; y++) {
                            int orow = ob + y * w;
                            int irow = ib + (y + dy) * w + dx;
                            for (int x = x0; x < x1; x++) {
                                out[orow + x] += k * in[irow + x];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    public static void reluInPlace(float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0) {
                a[i] = 0;
            }
        }
    }

    /** 2×2 max pooling, stride 2, floor (a trailing odd row or column is dropped, as in PyTorch). */
    public static float[] maxPool2(float[] in, int c, int h, int w) {
        int oh = h / 2;
        int ow = w / 2;
        float[] out = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int i = ch * h * w + 2 * y * w + 2 * x;
                    out[(ch * oh + y) * ow + x] = Math.max(Math.max(in[i], in[i + 1]), Math.max(in[i + w], in[i + w + 1]));
                }
            }
        }
        return out;
    }

    /** Mean over each channel's {@code h*w} values. */
    public static float[] globalAvgPool(float[] in, int c, int hw) {
        float[] out = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < hw; i++) {
                s += in[ch * hw + i];
            }
            out[ch] = (float) (s / hw);
        }
        return out;
    }

    /** {@code weight · in + bias} with {@code weight} row-major {@code [out][in]}. */
    public static float[] linear(float[] in, float[] weight, float[] bias, int outDim) {
        int inDim = in.length;
        float[] out = new float[outDim];
        for (int o = 0; o < outDim; o++) {
            float s = bias[o];
            int base = o * inDim;
            for (int i = 0; i < inDim; i++) {
                s += weight[base + i] * in[i];
            }
            out[o] = s;
        }
        return out;
    }
}
