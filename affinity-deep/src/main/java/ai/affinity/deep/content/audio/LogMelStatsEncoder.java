package ai.affinity.deep.content.audio;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.ContentEncoder;
import ai.affinity.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Untrained audio features: per mel band, the mean and standard deviation over time of the
 * log-mel spectrogram ({@link #MELS} bands over 60 Hz..4 kHz whatever the sample rate, so clips at
 * different rates are comparable), {@code 2 * MELS} values. What the synthetic generator's tones
 * (pitch, loudness, decay) show up in; also the pooled baseline against the trainable
 * {@link AudioCnn}. Reads clips in memory or WAV files ({@link Wav}). Thread-safe.
 */
public final class LogMelStatsEncoder implements ContentEncoder {
    public static final int MELS = 40;
    public static final double F_MIN = 60;
    public static final double F_MAX = 4_000;

    private final Map<Integer, MelSpectrogram> byRate = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "logmel-stats-" + MELS + "@1";
    }

    @Override
    public int dim() {
        return 2 * MELS;
    }

    @Override
    public boolean supports(ItemContent item) {
        ItemContent.Audio a = item.audio();
        return a != null && (a.samples() != null || a.path() != null);
    }

    @Override
    public byte[] contentKey(ItemContent item) {
        ItemContent.Audio a = item.audio();
        if (a.samples() == null) {
            try {
                return Files.readAllBytes(Path.of(a.path()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read audio " + a.path(), e);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * a.samples().length);
        b.putInt(a.sampleRate());
        for (float s : a.samples()) {
            b.putFloat(s);
        }
        return b.array();
    }

    /** The spectrogram set-up for clips at {@code rate} Hz (at least 8 kHz). */
    public MelSpectrogram spectrogram(int rate) {
        return byRate.computeIfAbsent(rate, r -> {
            int fft = r <= 8_000 ? 256 : r <= 16_000 ? 512 : r <= 32_000 ? 1024 : 2048;
            return new MelSpectrogram(r, fft, fft / 2, MELS, F_MIN, Math.min(F_MAX, r / 2.0));
        });
    }

    /** Decoded clip of an item (in memory, else its WAV file). */
    public static Wav.Clip clip(ItemContent.Audio a) {
        if (a.samples() != null) {
            return new Wav.Clip(a.sampleRate(), a.samples());
        }
        try {
            return Wav.read(Path.of(a.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audio " + a.path(), e);
        }
    }

    @Override
    public float[][] encode(List<ItemContent> items, Progress progress) {
        Progress p = progress == null ? Progress.silent() : progress;
        p.start("embed audio (" + name() + ")", items.size());
        float[][] out = new float[items.size()][];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            ItemContent c = items.get(i);
            out[i] = supports(c) ? encodeClip(clip(c.audio())) : new float[dim()];
            p.advance(1);
        });
        p.finish();
        return out;
    }

    public float[] encodeClip(Wav.Clip clip) {
        MelSpectrogram mel = spectrogram(clip.sampleRate());
        float[] s = mel.compute(clip.samples(), clip.sampleRate());
        int frames = s.length / MELS;
        float[] out = new float[2 * MELS];
        for (int m = 0; m < MELS; m++) {
            double sum = 0;
            double sq = 0;
            for (int t = 0; t < frames; t++) {
                double v = s[m * frames + t];
                sum += v;
                sq += v * v;
            }
            double mean = sum / frames;
            out[m] = (float) mean;
            out[MELS + m] = (float) Math.sqrt(Math.max(0, sq / frames - mean * mean));
        }
        return out;
    }
}
