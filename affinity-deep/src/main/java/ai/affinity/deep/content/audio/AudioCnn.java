package ai.affinity.deep.content.audio;

import ai.affinity.deep.content.ConvOps;
import ai.affinity.deep.train.Weights;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A small CNN over log-mel spectrograms, treated as one-channel images {@code [mels][frames]}:
 * two blocks of 3×3 convolution (16 and 32 channels, zero padding) + ReLU + 2×2 max pooling, a
 * global average pool over frequency and time, and a linear layer to {@code dim}. Input is the
 * spectrogram standardised per clip by {@link #standardise} (log energies have an arbitrary offset).
 * Meant to be trained end to end inside the hybrid's item tower: {@link #addTo} puts its arrays in
 * the tower's {@link Weights} and {@link #embed(Weights, String, NDArray)} is the DJL forward;
 * {@link #embed(List, float[], int, int)} is the same network in pure Java on exported arrays.
 * Untrained (random) weights still give usable random features; the pooled
 * {@link LogMelStatsEncoder} is the non-learned baseline.
 */
public final class AudioCnn {
    static final int C1 = 16;
    static final int C2 = 32;

    private AudioCnn() {
    }

    /** Array names (without prefix) in order. */
    public static final List<String> NAMES = List.of("conv1.w", "conv1.b", "conv2.w", "conv2.b", "fc.w", "fc.b");

    /**
     * Adds freshly initialised arrays (He-normal weights, zero biases) to {@code w} under
     * {@code prefix + name}.
     */
    public static void addTo(Weights w, String prefix, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        w.add(prefix + "conv1.w", he(rng, C1 * 9, 9), C1, 1, 3, 3);
        w.add(prefix + "conv1.b", new float[C1], C1);
        w.add(prefix + "conv2.w", he(rng, C2 * C1 * 9, C1 * 9), C2, C1, 3, 3);
        w.add(prefix + "conv2.b", new float[C2], C2);
        w.add(prefix + "fc.w", he(rng, dim * C2, C2), dim, C2);
        w.add(prefix + "fc.b", new float[dim], dim);
    }

    private static float[] he(SplittableRandom rng, int n, int fanIn) {
        float[] a = new float[n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < n; i++) {
            double u = 1 - rng.nextDouble();
            a[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble()) * std);
        }
        return a;
    }

    /** Zero mean, unit variance over the whole spectrogram (in place); a constant one becomes zeros. */
    public static float[] standardise(float[] spec) {
        double sum = 0;
        double sq = 0;
        for (float v : spec) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / spec.length;
        double std = Math.sqrt(Math.max(0, sq / spec.length - mean * mean));
        float inv = std < 1e-6 ? 0f : (float) (1 / std);
        for (int i = 0; i < spec.length; i++) {
            spec[i] = (float) ((spec[i] - mean) * inv);
        }
        return spec;
    }

    /**
     * Crops or zero-pads a {@code [mels][frames]} spectrogram to {@code [mels][targetFrames]}, so that a
     * batch stacks into one array.
     */
    public static float[] fitFrames(float[] spec, int mels, int targetFrames) {
        int frames = spec.length / mels;
        float[] out = new float[mels * targetFrames];
        int n = Math.min(frames, targetFrames);
        for (int m = 0; m < mels; m++) {
            System.arraycopy(spec, m * frames, out, m * targetFrames, n);
        }
        return out;
    }

    /** DJL forward: {@code [B, 1, mels, frames]} (each at least 4) → {@code [B, dim]}. */
    public static NDArray embed(Weights w, String prefix, NDArray x) {
        Shape k = new Shape(2, 2);
        Shape one = new Shape(1, 1);
        Shape zero = new Shape(0, 0);
        NDArray h = x;
        for (String c : new String[] {"conv1", "conv2"}) {
            h = Conv2d.conv2d(h, w.get(prefix + c + ".w"), w.get(prefix + c + ".b"), one, one, one, 1).singletonOrThrow();
            h = Pool.maxPool2d(Activation.relu(h), k, k, zero, false);
        }
        h = Pool.globalAvgPool2d(h);
        return Linear.linear(h, w.get(prefix + "fc.w"), w.get(prefix + "fc.b")).singletonOrThrow();
    }

    /**
     * Pure-Java forward of one standardised spectrogram with exported arrays (in {@link #NAMES} order).
     */
    public static float[] embed(List<float[]> arrays, float[] spec, int mels, int frames) {
        float[] h = ConvOps.conv3x3(spec, 1, mels, frames, arrays.get(0), arrays.get(1), C1);
        ConvOps.reluInPlace(h);
        h = ConvOps.maxPool2(h, C1, mels, frames);
        int m2 = mels / 2;
        int f2 = frames / 2;
        h = ConvOps.conv3x3(h, C1, m2, f2, arrays.get(2), arrays.get(3), C2);
        ConvOps.reluInPlace(h);
        h = ConvOps.maxPool2(h, C2, m2, f2);
        h = ConvOps.globalAvgPool(h, C2, (m2 / 2) * (f2 / 2));
        return ConvOps.linear(h, arrays.get(4), arrays.get(5), arrays.get(5).length);
    }
}
