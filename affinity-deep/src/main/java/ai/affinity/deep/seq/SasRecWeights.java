package ai.affinity.deep.seq;

import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;

import java.io.IOException;

/**
 * The trained SASRec network as plain float arrays, the form both {@link SasRecForward} and the
 * model file use. Matrices are row-major {@code in × out} (a row vector times the matrix), so
 * {@code y = x W + b}. Item row 0 is the padding row; item {@code i} of the data sits in row {@code i + 1}.
 *
 * <p>Per block, {@link #block}{@code [b]} holds {@value #PER_BLOCK} arrays in this order (the
 * indexes below): attention layer norm (gamma, beta), query, key, value and output projections
 * (weight, bias each), feed-forward layer norm (gamma, beta), the two feed-forward layers (weight,
 * bias each).
 *
 * @param numItems  items of the data (the embedding table has {@code numItems + 1} rows)
 * @param dim       width d
 * @param heads     attention heads
 * @param maxLen    positions (rows of {@code pos})
 * @param gelu      feed-forward activation is GELU (else ReLU)
 * @param epsilon   layer-norm epsilon
 * @param item      {@code (numItems + 1) × d} item embeddings, shared by input and output
 * @param pos       {@code maxLen × d} position embeddings; the newest event uses row {@code maxLen - 1}
 * @param block     per block, the {@value #PER_BLOCK} arrays
 * @param lastGamma final layer norm gain
 * @param lastBeta  final layer norm bias
 */
public record SasRecWeights(int numItems, int dim, int heads, int maxLen, boolean gelu, float epsilon, float[] item,
                            float[] pos, float[][][] block, float[] lastGamma, float[] lastBeta) {
    public static final int LN_A_GAMMA = 0;
    public static final int LN_A_BETA = 1;
    public static final int WQ = 2;
    public static final int BQ = 3;
    public static final int WK = 4;
    public static final int BK = 5;
    public static final int WV = 6;
    public static final int BV = 7;
    public static final int WO = 8;
    public static final int BO = 9;
    public static final int LN_F_GAMMA = 10;
    public static final int LN_F_BETA = 11;
    public static final int W1 = 12;
    public static final int B1 = 13;
    public static final int W2 = 14;
    public static final int B2 = 15;
    public static final int PER_BLOCK = 16;

    public SasRecWeights {
        if (item.length != (long) (numItems + 1) * dim || pos.length != (long) maxLen * dim) {
            throw new IllegalArgumentException("embedding sizes do not match numItems=" + numItems + ", dim=" + dim
                    + ", maxLen=" + maxLen);
        }
        if (heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must divide dim " + dim);
        }
        for (int b = 0; b < block.length; b++) {
            if (block[b].length != PER_BLOCK) {
                throw new IllegalArgumentException("block " + b + " has " + block[b].length + " arrays, expected "
                        + PER_BLOCK);
            }
            for (int k = 0; k < PER_BLOCK; k++) {
                int expected = isMatrix(k) ? dim * dim : dim;
                if (block[b][k].length != expected) {
                    throw new IllegalArgumentException("block " + b + " array " + k + " has " + block[b][k].length
                            + " values, expected " + expected);
                }
            }
        }
    }

    /** Whether block array {@code k} is a {@code d × d} matrix (else a length-d vector). */
    public static boolean isMatrix(int k) {
        return k == WQ || k == WK || k == WV || k == WO || k == W1 || k == W2;
    }

    public int numBlocks() {
        return block.length;
    }

    void write(ModelWriter out) throws IOException {
        out.writeInt(numItems);
        out.writeInt(dim);
        out.writeInt(heads);
        out.writeInt(maxLen);
        out.writeInt(block.length);
        out.writeBoolean(gelu);
        out.writeFloat(epsilon);
        out.writeMatrix(numItems + 1, dim, item);
        out.writeMatrix(maxLen, dim, pos);
        for (float[][] b : block) {
            for (float[] a : b) {
                out.writeFloats(a);
            }
        }
        out.writeFloats(lastGamma);
        out.writeFloats(lastBeta);
    }

    static SasRecWeights read(ModelReader in) throws IOException {
        int numItems = in.readInt();
        int dim = in.readInt();
        int heads = in.readInt();
        int maxLen = in.readInt();
        int blocks = in.readInt();
        if (numItems < 0 || dim < 1 || heads < 1 || maxLen < 1 || blocks < 0 || blocks > 1024) {
            throw new IOException("corrupt sasrec header: items=" + numItems + " dim=" + dim + " heads=" + heads
                    + " max_len=" + maxLen + " blocks=" + blocks);
        }
        boolean gelu = in.readBoolean();
        float eps = in.readFloat();
        float[] item = in.readMatrix(numItems + 1, dim);
        float[] pos = in.readMatrix(maxLen, dim);
        float[][][] block = new float[blocks][PER_BLOCK][];
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < PER_BLOCK; k++) {
                block[b][k] = in.readFloats();
            }
        }
        float[] g = in.readFloats();
        float[] be = in.readFloats();
        try {
            return new SasRecWeights(numItems, dim, heads, maxLen, gelu, eps, item, pos, block, g, be);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt sasrec weights: " + e.getMessage(), e);
        }
    }
}
