package ai.affinity.deep.content.audio;

/**
 * Log-mel spectrogram: Hann-windowed frames of {@code fftSize} samples every {@code hop} samples,
 * power spectrum by {@link Fft}, triangular mel filters (HTK mel scale,
 * {@code mel = 2595 log10(1 + f/700)}, filters spaced evenly in mel between {@code fMin} and
 * {@code fMax}, peak 1), then {@code ln(energy + 1e-6)}. Output {@code [mels][frames]} row-major,
 * the layout the audio CNN reads as a one-channel image. Clips shorter than one frame are
 * zero-padded to one frame. Immutable and thread-safe.
 */
public final class MelSpectrogram {
    private static final double FLOOR = 1e-6;

    private final int sampleRate;
    private final int fftSize;
    private final int hop;
    private final int mels;
    private final double fMin;
    private final double fMax;
    private final Fft fft;
    private final double[] window;
    /** filters[m] over FFT bins 0..fftSize/2. */
    private final double[][] filters;

    /**
     * @param fftSize power of two; frame length in samples
     * @param hop     samples between frame starts, {@code >= 1}
     * @param mels    number of mel bands, {@code >= 1}
     * @param fMax    upper edge in Hz, at most the Nyquist frequency
     */
    public MelSpectrogram(int sampleRate, int fftSize, int hop, int mels, double fMin, double fMax) {
        if (sampleRate < 1 || hop < 1 || mels < 1 || fMin < 0 || fMax <= fMin || fMax > sampleRate / 2.0 + 1e-9) {
            throw new IllegalArgumentException("mel spectrogram: rate " + sampleRate + ", hop " + hop + ", mels " + mels
                    + ", band " + fMin + ".." + fMax + " Hz (need 0 <= fMin < fMax <= rate/2)");
        }
        this.sampleRate = sampleRate;
        this.fftSize = fftSize;
        this.hop = hop;
        this.mels = mels;
        this.fMin = fMin;
        this.fMax = fMax;
        this.fft = new Fft(fftSize);
        window = new double[fftSize];
        for (int i = 0; i < fftSize; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / fftSize); // periodic Hann
        }
        filters = new double[mels][fftSize / 2 + 1];
        double mLo = hzToMel(fMin);
        double mHi = hzToMel(fMax);
        for (int m = 0; m < mels; m++) {
            double left = melToHz(mLo + (mHi - mLo) * m / (mels + 1));
            double centre = melToHz(mLo + (mHi - mLo) * (m + 1) / (mels + 1));
            double right = melToHz(mLo + (mHi - mLo) * (m + 2) / (mels + 1));
            for (int k = 0; k <= fftSize / 2; k++) {
                double f = binHz(k);
                double v = f <= left || f >= right ? 0 : f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                filters[m][k] = v;
            }
        }
    }

    /** 8 kHz speech/music defaults: 256-sample frames (32 ms), hop 128, 40 mels over 60 Hz..4 kHz. */
    public static MelSpectrogram forRate(int sampleRate) {
        int fft = sampleRate <= 8_000 ? 256 : sampleRate <= 16_000 ? 512 : 1024;
        return new MelSpectrogram(sampleRate, fft, fft / 2, 40, 60, sampleRate / 2.0);
    }

    public static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    public static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Centre frequency in Hz of FFT bin {@code k}. */
    public double binHz(int k) {
        return (double) k * sampleRate / fftSize;
    }

    /** Centre frequency in Hz of mel band {@code m}. */
    public double bandCentreHz(int m) {
        double mLo = hzToMel(fMin);
        double mHi = hzToMel(fMax);
        return melToHz(mLo + (mHi - mLo) * (m + 1) / (mels + 1));
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int mels() {
        return mels;
    }

    public int hop() {
        return hop;
    }

    public int fftSize() {
        return fftSize;
    }

    /** Frames for a clip of {@code samples} samples: {@code 1 + (samples - fftSize) / hop}, at least 1. */
    public int frames(int samples) {
        return samples <= fftSize ? 1 : 1 + (samples - fftSize) / hop;
    }

    /**
     * The log-mel spectrogram of {@code samples}, {@code [mels][frames]} row-major.
     *
     * @throws IllegalArgumentException when {@code rate} differs from this spectrogram's sample rate
     */
    public float[] compute(float[] samples, int rate) {
        if (rate != sampleRate) {
            throw new IllegalArgumentException("clip at " + rate + " Hz, spectrogram set up for " + sampleRate
                    + " Hz (resample first)");
        }
        int frames = frames(samples.length);
        float[] out = new float[mels * frames];
        double[] re = new double[fftSize];
        double[] im = new double[fftSize];
        double[] power = new double[fftSize / 2 + 1];
        for (int t = 0; t < frames; t++) {
            int start = t * hop;
            for (int i = 0; i < fftSize; i++) {
                int s = start + i;
                re[i] = s < samples.length ? samples[s] * window[i] : 0;
                im[i] = 0;
            }
            fft.transform(re, im);
            for (int k = 0; k <= fftSize / 2; k++) {
                power[k] = re[k] * re[k] + im[k] * im[k];
            }
            for (int m = 0; m < mels; m++) {
                double e = 0;
                double[] f = filters[m];
                for (int k = 0; k <= fftSize / 2; k++) {
                    e += f[k] * power[k];
                }
                out[m * frames + t] = (float) Math.log(e + FLOOR);
            }
        }
        return out;
    }
}
