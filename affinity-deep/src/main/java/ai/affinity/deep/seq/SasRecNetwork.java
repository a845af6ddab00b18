package ai.affinity.deep.seq;

import ai.affinity.deep.train.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SASRec network as a DJL block (training side; {@link SasRecForward} is the pure-Java twin used
 * for scoring). Item ids here are shifted by one: 0 is padding.
 *
 * <p>Forward, for a batch of right-aligned sequences {@code seq (B, L)} with {@code L <= maxLen}
 * (position embeddings of the last L slots): {@code x = E[seq] sqrt(d) + P}, dropout, padding rows
 * zeroed; then per block, as in the reference PyTorch port: {@code q = LN(x)}, causal multi-head
 * attention with queries from {@code q} and keys/values from {@code x} (padding keys masked),
 * {@code x = LN(q + attention)}, {@code x = x + FFN(x)} (two d×d layers, ReLU or GELU, dropout),
 * padding rows zeroed; finally {@code h = LN(x)}.
 *
 * <ul>
 *   <li>inputs {@code [seq]}: outputs {@code [h (B, L, d)]};</li>
 *   <li>inputs {@code [seq, pos (B, L), neg]}: outputs {@code [posLogits (B, L), negLogits (B, L, N)]}
 *       where {@code neg} is {@code (B, L, 1)} (one negative per position) or {@code (B, N)} (N negatives
 *       per sequence, shared by its positions);</li>
 *   <li>inputs {@code [seq, pos, neg, rows (R, d)]}: the same, with the item embeddings taken from
 *       {@code rows} instead of the {@code item} parameter and every id an index into {@code rows}
 *       (0 still padding): training, where the item table is a {@link ai.affinity.deep.train.SparseEmbedding}
 *       and {@code rows} are the batch's gathered rows.</li>
 * </ul>
 *
 * <p>The {@code item} parameter records no gradient: training updates the Java table row by row,
 * and {@link #setItemTable} copies it back before export.
 *
 * <p>Parameters are initialised from the given seed in Java (Xavier normal matrices and embeddings,
 * unit gains, zero biases), so initial weights do not depend on the engine's random generator.
 */
final class SasRecNetwork extends AbstractBlock {
    static final float EPSILON = 1e-8f;
    private static final float MASKED = -1e9f;

    private final int numItems;
    private final int dim;
    private final int heads;
    private final int maxLen;
    private final float dropout;
    private final boolean gelu;
    private final Parameter item;
    private final Parameter pos;
    private final Parameter[][] block;
    private final Parameter lastGamma;
    private final Parameter lastBeta;

    SasRecNetwork(int numItems, int dim, int blocks, int heads, int maxLen, double dropout, boolean gelu, long seed) {
        this.numItems = numItems;
        this.dim = dim;
        this.heads = heads;
        this.maxLen = maxLen;
        this.dropout = (float) dropout;
        this.gelu = gelu;
        SplittableRandom rng = new SplittableRandom(seed);
        item = addParameter(Parameter.builder().setName("item").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numItems + 1, dim)).optInitializer(xavier(rng.split())).optRequiresGrad(false).build());
        pos = param("pos", Parameter.Type.WEIGHT, new Shape(maxLen, dim), xavier(rng.split()));
        block = new Parameter[blocks][SasRecWeights.PER_BLOCK];
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < SasRecWeights.PER_BLOCK; k++) {
                Initializer init;
                Parameter.Type type;
                Shape shape;
                if (SasRecWeights.isMatrix(k)) {
                    type = Parameter.Type.WEIGHT;
                    shape = new Shape(dim, dim);
                    init = xavier(rng.split());
                } else {
                    boolean gain = k == SasRecWeights.LN_A_GAMMA || k == SasRecWeights.LN_F_GAMMA;
                    type = gain ? Parameter.Type.GAMMA : Parameter.Type.BIAS;
                    shape = new Shape(dim);
                    init = gain ? Initializer.ONES : Initializer.ZEROS;
                }
                block[b][k] = param("b" + b + "_" + k, type, shape, init);
            }
        }
        lastGamma = param("last_gamma", Parameter.Type.GAMMA, new Shape(dim), Initializer.ONES);
        lastBeta = param("last_beta", Parameter.Type.BETA, new Shape(dim), Initializer.ZEROS);
    }

    private Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init)
                .build());
    }

    /** Xavier (Glorot) normal from a Java generator: std = sqrt(2 / (rows + cols)). */
    private static Initializer xavier(SplittableRandom rng) {
        return (NDManager manager, Shape shape, DataType dataType) -> {
            long rows = shape.get(0);
            long cols = shape.dimension() > 1 ? shape.get(1) : 1;
            double std = Math.sqrt(2.0 / (rows + cols));
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * std);
            }
            return manager.create(v, shape).toType(dataType, false);
        };
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray seq = inputs.get(0);
        ai.djl.Device device = seq.getDevice();
        NDArray e = inputs.size() == 4 ? inputs.get(3) : ps.getValue(item, device, training);
        NDArray h = hidden(ps, seq, e, training);
        if (inputs.size() == 1) {
            return new NDList(h);
        }
        NDArray posE = embed(inputs.get(1), e);
        NDArray posLogits = h.mul(posE).sum(new int[] {2});
        NDArray neg = inputs.get(2);
        NDArray negLogits;
        if (neg.getShape().dimension() == 3) {
            NDArray negE = embed(neg.squeeze(2), e);
            negLogits = h.mul(negE).sum(new int[] {2}).expandDims(2);
        } else {
            NDArray negE = embed(neg, e); // (B, N, d)
            negLogits = h.matMul(negE.transpose(0, 2, 1)); // (B, L, N)
        }
        return new NDList(posLogits, negLogits);
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids.toType(DataType.INT64, false), table, SparseFormat.DENSE)
                .singletonOrThrow();
    }

    private NDArray hidden(ParameterStore ps, NDArray seq, NDArray e, boolean training) {
        ai.djl.Device device = seq.getDevice();
        long batch = seq.getShape().get(0);
        int len = Math.toIntExact(seq.getShape().get(1));
        if (len > maxLen) {
            throw new IllegalArgumentException("sequence width " + len + " exceeds max_len " + maxLen);
        }
        NDManager m = seq.getManager();
        // Slice into the batch's manager: the parameter's own manager outlives the batch.
        NDArray p = ps.getValue(pos, device, training).get(m, new NDIndex((maxLen - len) + ":"));
        NDArray valid = seq.gt(0).toType(DataType.FLOAT32, false); // (B, L)
        NDArray keep = valid.expandDims(2); // (B, L, 1)
        NDArray x = Scalars.mul(embed(seq, e), (float) Math.sqrt(dim)).add(p);
        x = Dropout.dropout(x, dropout, training).singletonOrThrow().mul(keep);

        // Attention bias: 0 where query t may read key s (s <= t and s is not padding), else -1e9.
        float[] tri = new float[len * len];
        for (int t = 0; t < len; t++) {
            for (int s = 0; s <= t; s++) {
                tri[t * len + s] = 1f;
            }
        }
        NDArray allowed = m.create(tri, new Shape(1, 1, len, len)).mul(valid.reshape(batch, 1, 1, len));
        NDArray bias = Scalars.mul(allowed.sub(1f), -MASKED);

        int dh = dim / heads;
        Shape ln = new Shape(dim);
        for (Parameter[] pb : block) {
            NDArray q = LayerNorm.layerNorm(x, ln, v(ps, pb[SasRecWeights.LN_A_GAMMA], device, training),
                    v(ps, pb[SasRecWeights.LN_A_BETA], device, training), EPSILON).singletonOrThrow();
            NDArray qh = splitHeads(affine(ps, q, pb, SasRecWeights.WQ, device, training), batch, len, dh);
            NDArray kh = splitHeads(affine(ps, x, pb, SasRecWeights.WK, device, training), batch, len, dh);
            NDArray vh = splitHeads(affine(ps, x, pb, SasRecWeights.WV, device, training), batch, len, dh);
            NDArray scores = Scalars.mul(qh.matMul(kh.transpose(0, 1, 3, 2)), (float) (1.0 / Math.sqrt(dh))).add(bias);
            NDArray att = Dropout.dropout(scores.softmax(-1), dropout, training).singletonOrThrow();
            NDArray o = att.matMul(vh).transpose(0, 2, 1, 3).reshape(batch, len, dim);
            NDArray a = affine(ps, o, pb, SasRecWeights.WO, device, training);
            x = LayerNorm.layerNorm(q.add(a), ln, v(ps, pb[SasRecWeights.LN_F_GAMMA], device, training),
                    v(ps, pb[SasRecWeights.LN_F_BETA], device, training), EPSILON).singletonOrThrow();
            NDArray f = affine(ps, x, pb, SasRecWeights.W1, device, training);
            f = gelu ? Activation.gelu(f) : Activation.relu(f);
            f = Dropout.dropout(f, dropout, training).singletonOrThrow();
            f = Dropout.dropout(affine(ps, f, pb, SasRecWeights.W2, device, training), dropout, training)
                    .singletonOrThrow();
            x = x.add(f).mul(keep);
        }
        return LayerNorm.layerNorm(x, ln, v(ps, lastGamma, device, training), v(ps, lastBeta, device, training),
                EPSILON).singletonOrThrow();
    }

    private static NDArray v(ParameterStore ps, Parameter p, ai.djl.Device device, boolean training) {
        return ps.getValue(p, device, training);
    }

    /** {@code x W + b} with W at index {@code k} of the block and b right after it. */
    private static NDArray affine(ParameterStore ps, NDArray x, Parameter[] pb, int k, ai.djl.Device device,
                                  boolean training) {
        return x.matMul(v(ps, pb[k], device, training)).add(v(ps, pb[k + 1], device, training));
    }

    private NDArray splitHeads(NDArray x, long batch, int len, int dh) {
        return x.reshape(batch, len, heads, dh).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        if (inputShapes.length == 1) {
            return new Shape[] {new Shape(s.get(0), s.get(1), dim)};
        }
        long n = inputShapes[2].dimension() == 3 ? 1 : inputShapes[2].get(1);
        return new Shape[] {new Shape(s.get(0), s.get(1)), new Shape(s.get(0), s.get(1), n)};
    }

    /** Copies the current parameter values out to plain arrays (the network must be initialised). */
    SasRecWeights export() {
        float[][][] b = new float[block.length][SasRecWeights.PER_BLOCK][];
        for (int i = 0; i < block.length; i++) {
            for (int k = 0; k < SasRecWeights.PER_BLOCK; k++) {
                b[i][k] = block[i][k].getArray().toFloatArray();
            }
        }
        return new SasRecWeights(numItems, dim, heads, maxLen, gelu, EPSILON, item.getArray().toFloatArray(),
                pos.getArray().toFloatArray(), b, lastGamma.getArray().toFloatArray(),
                lastBeta.getArray().toFloatArray());
    }

    /** The item embeddings' initial values ({@code (numItems + 1) × d}, row 0 padding), to train in Java. */
    float[] itemTable() {
        return item.getArray().toFloatArray();
    }

    /** Writes trained item embeddings back into the {@code item} parameter (before {@link #export}). */
    void setItemTable(float[] values) {
        item.getArray().set(values);
    }

    /** Every parameter, for optimisers that update them by hand. */
    List<Parameter> allParameters() {
        List<Parameter> out = new ArrayList<>();
        getParameters().forEach(p -> out.add(p.getValue()));
        return out;
    }

    int maxLen() {
        return maxLen;
    }
}
