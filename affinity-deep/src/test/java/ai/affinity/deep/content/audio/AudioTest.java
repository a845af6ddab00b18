package ai.affinity.deep.content.audio;

import ai.affinity.data.DataFormatException;
import ai.affinity.data.ItemContent;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.deep.content.ContentEncoder;
import ai.affinity.deep.content.image.ImageEncoder;
import ai.affinity.deep.train.Weights;
import ai.affinity.util.Progress;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioTest {
    private static float[] tone(double hz, int rate, int n, double amp) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    @Test
    void fftMatchesDirectDft() {
        int n = 16;
        SplittableRandom rng = new SplittableRandom(3);
        double[] re = new double[n];
        double[] im = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() - 0.5;
            re[i] = x[i];
        }
        new Fft(n).transform(re, im);
        for (int k = 0; k < n; k++) {
            double er = 0;
            double ei = 0;
            for (int t = 0; t < n; t++) {
                er += x[t] * Math.cos(-2 * Math.PI * k * t / n);
                ei += x[t] * Math.sin(-2 * Math.PI * k * t / n);
            }
            assertEquals(er, re[k], 1e-12);
            assertEquals(ei, im[k], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> new Fft(12));
    }

    @Test
    void pureToneLandsInTheHandComputedMelBand() {
        // 40 HTK mel bands over 60..4000 Hz: mel(60) = 92.68, mel(4000) = 2146.06, spacing 50.083 mel.
        // Band 17 is centred at 92.68 + 18 * 50.083 = 994.2 mel = 991 Hz, band 18 at 1068 Hz, so a 1000 Hz
        // tone peaks in band 17; band 9 is centred at 485 Hz, band 10 at 539 Hz: 500 Hz peaks in band 9.
        LogMelStatsEncoder enc = new LogMelStatsEncoder();
        MelSpectrogram mel = enc.spectrogram(8000);
        assertEquals(991.3, mel.bandCentreHz(17), 0.5);
        for (double[] c : new double[][] {{1000, 17}, {500, 9}}) {
            float[] f = enc.encodeClip(new Wav.Clip(8000, tone(c[0], 8000, 4000, 0.5)));
            int best = 0;
            for (int m = 1; m < LogMelStatsEncoder.MELS; m++) {
                if (f[m] > f[best]) {
                    best = m;
                }
            }
            assertEquals((int) c[1], best, "peak band of a " + c[0] + " Hz tone");
        }
        // 31 frames of 256 with hop 128 in 4000 samples: 1 + (4000 - 256) / 128 = 30.
        assertEquals(30, mel.frames(4000));
    }

    /** Sum of sines {hz, amplitude} at 8 kHz, phase 0.3 rad, {@code n} samples, times e^(-decay t). */
    private static float[] tones(double[][] parts, int n, double decayPerSecond) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (double[] p : parts) {
                v += p[1] * Math.sin(2 * Math.PI * p[0] * i / 8000 + 0.3);
            }
            s[i] = (float) (v * Math.exp(-decayPerSecond * i / 8000.0));
        }
        return s;
    }

    @Test
    void tonalPeaksReadPitchesAndAmplitudesOfTonesOnFftBins() {
        // 4096 samples at 8 kHz: one Welch segment of N = 2 * highestOneBit(4000) = 4096, bins 8000/4096 Hz
        // apart, so 250, 1000 and 2000 Hz sit exactly on bins 128, 512 and 1024. A periodic-Hann-windowed
        // sine of amplitude A on bin k gives |X[k]| = A N / 4 and |X[k±1]| = A N / 8 (equal neighbours:
        // parabola offset 0), nothing elsewhere; level = ln(2 |X[k]| / sum(w)) with sum(w) = N / 2 = ln A.
        TonalPeaksEncoder enc = new TonalPeaksEncoder(3);
        assertEquals("tonal-peaks-3@1", enc.name());
        assertEquals(8, enc.dim());
        assertEquals(4096, TonalPeaksEncoder.segment(8000));
        assertEquals(256, TonalPeaksEncoder.frame(8000));
        // Given loudest first: the output is ordered by frequency anyway.
        float[] f = enc.encodeClip(new Wav.Clip(8000, tones(new double[][] {{2000, 0.3}, {250, 0.1}, {1000, 0.2}},
                4096, 0)));
        assertEquals(Math.log(250) / Math.log(2), f[0], 1e-4); // 7.96578
        assertEquals(Math.log(1000) / Math.log(2), f[1], 1e-4); // 9.96578
        assertEquals(Math.log(2000) / Math.log(2), f[2], 1e-4); // 10.96578
        assertEquals(Math.log(0.1), f[3], 1e-3);
        assertEquals(Math.log(0.2), f[4], 1e-3);
        assertEquals(Math.log(0.3), f[5], 1e-3);
        // A steady tone: 256-sample frames hold whole periods, so each frame's RMS is exactly the
        // amplitude over sqrt(2): slope 0, level ln(0.5 / sqrt 2) = -1.03972.
        float[] steady = enc.encodeClip(new Wav.Clip(8000, tones(new double[][] {{1000, 0.5}}, 4096, 0)));
        assertEquals(0, steady[6], 1e-4);
        assertEquals(Math.log(0.5 / Math.sqrt(2)), steady[7], 1e-4);
        // Decaying as e^(-2 t): frame t's RMS is frame 0's times e^(-2 * 0.032 t), so the log RMS falls by
        // exactly 2 per second.
        float[] decaying = enc.encodeClip(new Wav.Clip(8000, tones(new double[][] {{1000, 0.5}}, 4096, 2)));
        assertEquals(-2, decaying[6], 1e-3);
    }

    @Test
    void tonalPeaksOfSilenceAreFiniteAndTheCacheKeyIsTheClip() {
        TonalPeaksEncoder enc = new TonalPeaksEncoder(3);
        float[] f = enc.encodeClip(new Wav.Clip(8000, new float[1000]));
        // No local maximum: every slot reads the band's geometric centre sqrt(60 * 4000) = 489.9 Hz.
        for (int j = 0; j < 3; j++) {
            assertEquals(Math.log(Math.sqrt(60 * 4000.0)) / Math.log(2), f[j], 1e-4);
        }
        for (float v : f) {
            assertTrue(Float.isFinite(v));
        }
        ItemContent a = new ItemContent("a", "", java.util.Map.of(), java.util.Map.of(), null,
                new ItemContent.Audio(8000, tone(440, 8000, 800, 0.5f), null), ItemContent.UNKNOWN_TIME);
        assertArrayEquals(new LogMelStatsEncoder().contentKey(a), enc.contentKey(a));
        assertArrayEquals(enc.encodeClip(new Wav.Clip(8000, a.audio().samples())), enc.encodeOne(a));
        assertThrows(IllegalArgumentException.class, () -> new TonalPeaksEncoder(0));
    }

    @Test
    void wavReaderDecodesPcmAndRefusesOtherFormats() {
        float[] s = tone(440, 8000, 100, 0.5);
        Wav.Clip stereo = Wav.decode(Wav.encodePcm16(s, 8000, 2), "stereo.wav");
        assertEquals(8000, stereo.sampleRate());
        assertArrayEquals(s, stereo.samples(), 1e-4f);
        // 8-bit unsigned mono: 128 is silence, 255 almost +1, 0 is -1.
        ByteBuffer b = ByteBuffer.allocate(44 + 3).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(39).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes()).putInt(3).put((byte) 128).put((byte) 255).put((byte) 0);
        assertArrayEquals(new float[] {0f, 127f / 128, -1f}, Wav.decode(b.array(), "8bit.wav").samples(), 1e-6f);
        byte[] flt = b.array().clone();
        flt[20] = 3; // IEEE float
        DataFormatException e = assertThrows(DataFormatException.class, () -> Wav.decode(flt, "float.wav"));
        assertTrue(e.getMessage().contains("float.wav") && e.getMessage().contains("PCM"), e.getMessage());
        byte[] bits24 = b.array().clone();
        bits24[34] = 24;
        e = assertThrows(DataFormatException.class, () -> Wav.decode(bits24, "24.wav"));
        assertTrue(e.getMessage().contains("8 or 16"), e.getMessage());
        assertThrows(DataFormatException.class, () -> Wav.decode("RIFF....WAVEjunk".getBytes(), "nodata.wav"));
        assertThrows(DataFormatException.class, () -> Wav.decode(new byte[] {1, 2, 3}, "x.mp3"));
    }

    @Test
    void audioCnnJavaForwardMatchesDjl() {
        int mels = 8;
        int frames = 12;
        SplittableRandom rng = new SplittableRandom(9);
        float[] spec = new float[mels * frames];
        for (int i = 0; i < spec.length; i++) {
            spec[i] = (float) rng.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Weights w = new Weights(m);
            AudioCnn.addTo(w, "audio.", 5, 11);
            float[] djl = AudioCnn.embed(w, "audio.", m.create(spec, new Shape(1, 1, mels, frames))).toFloatArray();
            List<float[]> arrays = new ArrayList<>();
            for (String n : AudioCnn.NAMES) {
                arrays.add(w.values("audio." + n));
            }
            assertArrayEquals(djl, AudioCnn.embed(arrays, spec, mels, frames), 1e-4f);
        }
    }

    /** Mean cosine of latent factors between each item and its nearest neighbour by encoder features. */
    static double[] neighbourAgreement(ContentEncoder enc, SyntheticGenerator.Result truth) {
        List<ItemContent> items = truth.dataset().items().all();
        float[][] f = enc.encode(items, Progress.silent());
        int n = f.length;
        int d = f[0].length;
        // Standardise each feature so no single band dominates the distance.
        for (int j = 0; j < d; j++) {
            double s = 0;
            double sq = 0;
            for (float[] r : f) {
                s += r[j];
                sq += r[j] * r[j];
            }
            double mean = s / n;
            double std = Math.sqrt(Math.max(1e-12, sq / n - mean * mean));
            for (float[] r : f) {
                r[j] = (float) ((r[j] - mean) / std);
            }
        }
        double nnCos = 0;
        double allCos = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double dist = 0;
                for (int k = 0; k < d; k++) {
                    double t = f[i][k] - f[j][k];
                    dist += t * t;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = j;
                }
                allCos += cos(truth.itemFactors()[i], truth.itemFactors()[j]) / (n - 1);
            }
            nnCos += cos(truth.itemFactors()[i], truth.itemFactors()[best]);
        }
        return new double[] {nnCos / n, allCos / n};
    }

    private static double cos(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void syntheticAudioAndImagesSeparateLatentFactors() {
        SyntheticGenerator.Result truth = SyntheticGenerator.generateWithTruth(SyntheticConfig.preset("tiny"), 42);
        double[] audio = neighbourAgreement(new LogMelStatsEncoder(), truth);
        double[] tonal = neighbourAgreement(new TonalPeaksEncoder(3), truth);
        double[] image = neighbourAgreement(ImageEncoder.pretrained(), truth);
        System.out.printf("factor cosine to nearest neighbour vs all pairs: audio %.3f vs %.3f, tonal %.3f, image %.3f vs %.3f%n",
                audio[0], audio[1], tonal[0], image[0], image[1]);
        assertTrue(audio[0] > audio[1] + 0.15, "audio " + audio[0] + " vs chance " + audio[1]);
        assertTrue(tonal[0] > tonal[1] + 0.15, "tonal " + tonal[0] + " vs chance " + tonal[1]);
        assertTrue(image[0] > image[1] + 0.15, "image " + image[0] + " vs chance " + image[1]);
    }
}
