package ai.affinity.data.synthetic;

import ai.affinity.data.ItemContent;

import java.util.SplittableRandom;

/**
 * Draws an item's picture and audio clip from its latent factors. Each visual or audible property
 * (colours, stripe frequency and angle, disc size; tone pitches, loudness, decay) is a squashed
 * random projection of the factors, so items close in factor space look and sound alike, plus
 * per-item noise so that no property is an exact copy of a factor. The projections are fixed by
 * the generator seed and shared by all items.
 */
final class MediaSynth {
    static final int IMAGE_SIZE = 32;
    static final int SAMPLE_RATE = 8_000;
    static final int AUDIO_SAMPLES = SAMPLE_RATE / 2;
    private static final int IMAGE_PROPS = 12;
    private static final int TONES = 3;
    private static final int AUDIO_PROPS = 2 * TONES + 1;

    private final int dim;
    private final float[] imageProj;
    private final float[] audioProj;

    MediaSynth(int dim, long seed) {
        this.dim = dim;
        SplittableRandom rng = new SplittableRandom(seed ^ 0x1A6E5L);
        imageProj = gaussian(rng, IMAGE_PROPS * dim, 1.0 / Math.sqrt(dim));
        audioProj = gaussian(rng, AUDIO_PROPS * dim, 1.0 / Math.sqrt(dim));
    }

    private static float[] gaussian(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (SyntheticGenerator.gaussian(rng) * scale);
        }
        return a;
    }

    /**
     * Cheap zero-mean noise in (-1, 1) with standard deviation 0.41 (sum of two uniforms): per pixel
     * and per sample a Gaussian's log and sqrt would dominate media generation time.
     */
    private static double triangular(SplittableRandom rng) {
        return rng.nextDouble() + rng.nextDouble() - 1;
    }

    /** Squashed projection j of factors f (offset {@code off} in a flat array) into (0, 1). */
    private double prop(float[] proj, int j, float[] f, int off, double noise) {
        double s = 0;
        int p = j * dim;
        for (int d = 0; d < dim; d++) {
            s += proj[p + d] * f[off + d];
        }
        // Gain 3 spreads typical projections (|s| ~ 0.3..1) over most of (0, 1).
        return 1.0 / (1.0 + Math.exp(-3.0 * s - noise));
    }

    /** A 32×32 RGB image: a background, stripes across it and a disc, with pixel noise. */
    ItemContent.Image image(float[] f, int off, SplittableRandom rng) {
        double[] p = new double[IMAGE_PROPS];
        for (int j = 0; j < IMAGE_PROPS; j++) {
            p[j] = prop(imageProj, j, f, off, 0.3 * SyntheticGenerator.gaussian(rng));
        }
        double freq = 1 + 5 * p[6];
        double angle = Math.PI * p[7];
        double cx = Math.cos(angle) * 2 * Math.PI * freq / IMAGE_SIZE;
        double cy = Math.sin(angle) * 2 * Math.PI * freq / IMAGE_SIZE;
        double phase = rng.nextDouble() * 2 * Math.PI;
        double radius = 3 + 9 * p[8];
        double discX = IMAGE_SIZE / 2.0 + (rng.nextDouble() - 0.5) * 12;
        double discY = IMAGE_SIZE / 2.0 + (rng.nextDouble() - 0.5) * 12;
        byte[] px = new byte[IMAGE_SIZE * IMAGE_SIZE * 3];
        int w = 0;
        for (int y = 0; y < IMAGE_SIZE; y++) {
            for (int x = 0; x < IMAGE_SIZE; x++) {
                double m = 0.5 + 0.5 * Math.sin(cx * x + cy * y + phase);
                double dx = x - discX;
                double dy = y - discY;
                boolean inDisc = dx * dx + dy * dy <= radius * radius;
                for (int c = 0; c < 3; c++) {
                    double v = inDisc ? p[9 + c] : (1 - m) * p[c] + m * p[3 + c];
                    int b = (int) Math.round(v * 255 + 15 * triangular(rng));
                    px[w++] = (byte) Math.max(0, Math.min(255, b));
                }
            }
        }
        return new ItemContent.Image(IMAGE_SIZE, IMAGE_SIZE, 3, px, null);
    }

    /** A 0.5 s mono clip at 8 kHz: three decaying tones whose pitch and loudness follow the factors. */
    ItemContent.Audio audio(float[] f, int off, SplittableRandom rng) {
        float[] out = new float[AUDIO_SAMPLES];
        double decayProp = prop(audioProj, 2 * TONES, f, off, 0.2 * SyntheticGenerator.gaussian(rng));
        double decay = (1 + 7 * decayProp) / SAMPLE_RATE; // per sample, e-folding in 0.125..1 s
        int attack = SAMPLE_RATE / 50; // 20 ms fade-in avoids a click
        double[] wave = new double[AUDIO_SAMPLES];
        for (int t = 0; t < TONES; t++) {
            double pitch = prop(audioProj, t, f, off, 0.15 * SyntheticGenerator.gaussian(rng));
            double loud = prop(audioProj, TONES + t, f, off, 0.2 * SyntheticGenerator.gaussian(rng));
            double hz = 150 * Math.pow(2, 3 * pitch); // 150..1200 Hz, well under Nyquist (4 kHz)
            double amp = 0.06 + 0.22 * loud;          // three tones sum to at most 0.84
            double omega = 2 * Math.PI * hz / SAMPLE_RATE;
            // Sine by the two-term recurrence y[n] = 2cos(w) y[n-1] - y[n-2]: one multiply per sample
            // instead of a Math.sin call, which matters for 20k items × 4000 samples × 3 tones.
            double k = 2 * Math.cos(omega);
            double phase = rng.nextDouble() * 2 * Math.PI;
            double y1 = Math.sin(phase - omega);
            double y0 = Math.sin(phase);
            for (int n = 0; n < AUDIO_SAMPLES; n++) {
                wave[n] += amp * y0;
                double y = k * y0 - y1;
                y1 = y0;
                y0 = y;
            }
        }
        double env = 1;
        double shrink = Math.exp(-decay);
        for (int n = 0; n < AUDIO_SAMPLES; n++) {
            double a = n < attack ? (double) n / attack : 1;
            double v = wave[n] * a * env + 0.025 * triangular(rng);
            out[n] = (float) Math.max(-1, Math.min(1, v));
            env *= shrink;
        }
        return new ItemContent.Audio(SAMPLE_RATE, out, null);
    }
}
