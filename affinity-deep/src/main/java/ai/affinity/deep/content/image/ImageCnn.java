package ai.affinity.deep.content.image;

import ai.affinity.deep.content.ConvOps;
import ai.affinity.deep.content.NamedArrays;
import ai.affinity.deep.train.Weights;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small CNN for 28×28 grey images: three blocks of 3×3 convolution (16, 32, 64 channels, zero
 * padding) + ReLU + 2×2 max pooling (28 → 14 → 7 → 3), flatten (576), a linear layer to the
 * 64-dimensional embedding, and a classification head (ReLU, linear to 10 classes) used only for
 * pretraining on Fashion-MNIST. 61k parameters (244 KB as float32).
 *
 * <p>Two forward passes of the same network: {@link #embed(Weights, NDArray)} in DJL (for training
 * and fine-tuning; the arrays live in a {@link Weights} so {@link ai.affinity.deep.train.TrainingLoop}
 * or the item tower optimises them) and {@link #embed(float[])} in pure Java for frozen use
 * (thread-safe). Inputs are normalised pixels: {@link #normalise} maps a 0..255 grey level with
 * Fashion-MNIST's mean and standard deviation.
 *
 * <p>Instances are immutable.
 */
public final class ImageCnn {
    public static final int SIZE = 28;
    public static final int EMBED_DIM = 64;
    public static final int CLASSES = 10;
    /** Classpath resource of the pretrained weights (see {@link FashionMnistPretrain}). */
    public static final String RESOURCE = "/ai/affinity/deep/content/image/fashion-cnn.afna";
    /** Fashion-MNIST training-set pixel mean and standard deviation (on the 0..1 scale). */
    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;
    private static final int C1 = 16;
    private static final int C2 = 32;
    private static final int C3 = 64;
    private static final int FLAT = C3 * 3 * 3;

    /** Parameter names and shapes, in a fixed order (also the order in {@link Weights}). */
    static final Map<String, long[]> SHAPES = shapes();

    private final NamedArrays params;

    private ImageCnn(NamedArrays params) {
        for (Map.Entry<String, long[]> e : SHAPES.entrySet()) {
            if (!java.util.Arrays.equals(params.shape(e.getKey()), e.getValue())) {
                throw new IllegalArgumentException("weight '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(params.shape(e.getKey())) + ", expected "
                        + java.util.Arrays.toString(e.getValue()));
            }
        }
        this.params = params;
    }

    private static Map<String, long[]> shapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("conv1.w", new long[] {C1, 1, 3, 3});
        m.put("conv1.b", new long[] {C1});
        m.put("conv2.w", new long[] {C2, C1, 3, 3});
        m.put("conv2.b", new long[] {C2});
        m.put("conv3.w", new long[] {C3, C2, 3, 3});
        m.put("conv3.b", new long[] {C3});
        m.put("fc.w", new long[] {EMBED_DIM, FLAT});
        m.put("fc.b", new long[] {EMBED_DIM});
        m.put("head.w", new long[] {CLASSES, EMBED_DIM});
        m.put("head.b", new long[] {CLASSES});
        return m;
    }

    /** Fresh weights: He-normal for weights (fan-in), zero biases. */
    public static ImageCnn init(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, float[]> v = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : SHAPES.entrySet()) {
            long[] s = e.getValue();
            long n = 1;
            for (long d : s) {
                n *= d;
            }
            float[] a = new float[(int) n];
            if (s.length > 1) {
                double std = Math.sqrt(2.0 / (n / s[0]));
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (gaussian(rng) * std);
                }
            }
            v.put(e.getKey(), a);
        }
        return new ImageCnn(new NamedArrays("init seed " + seed, v, SHAPES));
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    public static ImageCnn of(NamedArrays params) {
        return new ImageCnn(params);
    }

    /**
     * The weights pretrained on Fashion-MNIST that ship with this module.
     *
     * @throws IllegalStateException when the resource is missing or corrupt
     */
    public static ImageCnn pretrained() {
        try (InputStream in = ImageCnn.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " missing; reproduce it with "
                        + FashionMnistPretrain.class.getName());
            }
            return new ImageCnn(NamedArrays.read(in, RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pretrained image CNN " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public NamedArrays params() {
        return params;
    }

    /** The arrays as trainable DJL arrays in {@code manager}, in {@link #SHAPES} order. */
    public Weights toWeights(NDManager manager) {
        Weights w = new Weights(manager);
        addTo(w, "");
        return w;
    }

    /**
     * Adds this network's arrays to {@code w} (e.g. the item tower's weights, for fine-tuning) under
     * names {@code prefix + "conv1.w"} etc. To keep it frozen instead, embed with the pure-Java
     * {@link #embed(float[])} and feed the vectors as constants.
     */
    public void addTo(Weights w, String prefix) {
        for (Map.Entry<String, long[]> e : SHAPES.entrySet()) {
            w.add(prefix + e.getKey(), params.get(e.getKey()), e.getValue());
        }
    }

    /** Copies trained values back out of {@code w}. */
    public static ImageCnn fromWeights(Weights w, String header) {
        return fromWeights(w, "", header);
    }

    /** Copies trained values back out of {@code w}, arrays named {@code prefix + name}. */
    public static ImageCnn fromWeights(Weights w, String prefix, String header) {
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String name : SHAPES.keySet()) {
            v.put(name, w.values(prefix + name));
        }
        return new ImageCnn(new NamedArrays(header, v, SHAPES));
    }

    /** Maps a 0..255 grey level to the network's input scale. */
    public static float normalise(float grey255) {
        return (grey255 / 255f - MEAN) / STD;
    }

    /** DJL forward: {@code [B, 1, 28, 28]} normalised pixels → {@code [B, 64]} embeddings. */
    public static NDArray embed(Weights w, NDArray x) {
        return embed(w, "", x);
    }

    /** {@link #embed(Weights, NDArray)} with arrays named {@code prefix + name} (see {@link #addTo}). */
    public static NDArray embed(Weights w, String prefix, NDArray x) {
        Shape k = new Shape(2, 2);
        Shape one = new Shape(1, 1);
        Shape zero = new Shape(0, 0);
        NDArray h = x;
        for (String c : new String[] {"conv1", "conv2", "conv3"}) {
            h = Conv2d.conv2d(h, w.get(prefix + c + ".w"), w.get(prefix + c + ".b"), one, one, one, 1).singletonOrThrow();
            h = Pool.maxPool2d(Activation.relu(h), k, k, zero, false);
        }
        h = h.reshape(h.getShape().get(0), FLAT);
        return Linear.linear(h, w.get(prefix + "fc.w"), w.get(prefix + "fc.b")).singletonOrThrow();
    }

    /** DJL classification head: embeddings {@code [B, 64]} → logits {@code [B, 10]}. */
    public static NDArray logits(Weights w, NDArray embedding) {
        return Linear.linear(Activation.relu(embedding), w.get("head.w"), w.get("head.b")).singletonOrThrow();
    }

    /** Pure-Java forward of one image: 784 normalised pixels, row-major → 64 values. Thread-safe. */
    public float[] embed(float[] pixels) {
        if (pixels.length != SIZE * SIZE) {
            throw new IllegalArgumentException("expected " + SIZE * SIZE + " pixels, got " + pixels.length);
        }
        float[] h = pixels;
        int c = 1;
        int s = SIZE;
        int[] channels = {C1, C2, C3};
        for (int l = 0; l < 3; l++) {
            String n = "conv" + (l + 1);
            h = ConvOps.conv3x3(h, c, s, s, params.get(n + ".w"), params.get(n + ".b"), channels[l]);
            ConvOps.reluInPlace(h);
            h = ConvOps.maxPool2(h, channels[l], s, s);
            c = channels[l];
            s /= 2;
        }
        return ConvOps.linear(h, params.get("fc.w"), params.get("fc.b"), EMBED_DIM);
    }

    /** Pure-Java class scores of one embedding. */
    public float[] logits(float[] embedding) {
        float[] r = embedding.clone();
        ConvOps.reluInPlace(r);
        return ConvOps.linear(r, params.get("head.w"), params.get("head.b"), CLASSES);
    }

    /** The predicted Fashion-MNIST class of 784 normalised pixels. */
    public int predict(float[] pixels) {
        float[] z = logits(embed(pixels));
        int best = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[best]) {
                best = i;
            }
        }
        return best;
    }
}
