package ai.affinity.deep.hybrid;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.ContentEncoder;
import ai.affinity.deep.content.audio.AudioCnn;
import ai.affinity.deep.content.audio.LogMelStatsEncoder;
import ai.affinity.deep.content.audio.MelSpectrogram;
import ai.affinity.deep.content.audio.TonalPeaksEncoder;
import ai.affinity.deep.content.image.ImageEncoder;
import ai.affinity.deep.content.text.HashedNgrams;
import ai.affinity.deep.content.text.ItemText;
import ai.affinity.deep.content.text.MiniLmTextEncoder;
import ai.affinity.deep.train.Weights;
import ai.affinity.util.Progress;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The content encoders the hybrid can use, by modality and choice: {@code text=minilm} (pretrained
 * all-MiniLM-L6-v2, 384-d), {@code text=ngram} ({@link NgramEncoder}), {@code image=cnn} (the
 * Fashion-MNIST-pretrained CNN, frozen, 192-d), {@code audio=logmel} (log-mel statistics, 80-d),
 * {@code audio=cnn} ({@link AudioCnnEncoder}), {@code audio=tonal} ({@link TonalPeaksEncoder}: the 3 strongest
 * spectral peaks' pitch and level plus decay and loudness, 8-d). Every encoder is rebuilt from its choice alone (weights
 * come from resources and Maven artifacts), which is what lets a saved hybrid embed new content.
 * The ONNX text encoder is heavy to open, so one instance is shared per JVM.
 */
final class Encoders {
    static final String TEXT = "text";
    static final String IMAGE = "image";
    static final String AUDIO = "audio";
    /** Peaks of {@code audio=tonal}. */
    static final int TONAL_PEAKS = 3;

    private static MiniLmTextEncoder minilm;
    private static ImageEncoder image;

    private Encoders() {
    }

    /** The choices of each modality ({@code none} first). */
    static List<String> choices(String modality) {
        return switch (modality) {
            case TEXT -> List.of("none", "minilm", "ngram");
            case IMAGE -> List.of("none", "cnn");
            case AUDIO -> List.of("none", "logmel", "cnn", "tonal");
            default -> throw new IllegalArgumentException("unknown modality '" + modality + "'");
        };
    }

    /** The encoder of {@code modality=choice}; {@code choice} must not be {@code none}. */
    static ContentEncoder create(String modality, String choice) {
        return switch (modality + "=" + choice) {
            case "text=minilm" -> minilm();
            case "text=ngram" -> new NgramEncoder(1 << 18, 256, 0x6E6772616DL);
            case "image=cnn" -> image();
            case "audio=logmel" -> new LogMelStatsEncoder();
            case "audio=cnn" -> AudioCnnEncoder.create(64, 0xA0D10CL);
            case "audio=tonal" -> new TonalPeaksEncoder(TONAL_PEAKS);
            default -> throw new IllegalArgumentException("hybrid: no encoder '" + choice + "' for " + modality
                    + "; choose one of " + choices(modality));
        };
    }

    private static synchronized MiniLmTextEncoder minilm() {
        if (minilm == null) {
            minilm = MiniLmTextEncoder.create();
        }
        return minilm;
    }

    private static synchronized ImageEncoder image() {
        if (image == null) {
            image = ImageEncoder.pretrained();
        }
        return image;
    }

    /**
     * The hashed n-gram bag of {@link HashedNgrams} (word uni/bigrams and character trigrams of
     * {@link ItemText#of}) times a fixed random ±1 projection to {@code dim} values, L2-normalised.
     * The projection (each bucket's row drawn from its own seeded stream, so no table is stored)
     * keeps the item tower's input small; the tower's first layer then learns, end to end, a linear
     * map of the bag, which is what a trainable bag-of-n-grams embedding is, up to the projection's
     * rank. Cheap: about 10^4 texts per second.
     */
    static final class NgramEncoder implements ContentEncoder {
        private final HashedNgrams ngrams;
        private final int dim;
        private final long seed;

        NgramEncoder(int buckets, int dim, long seed) {
            this.ngrams = new HashedNgrams(buckets, true);
            this.dim = dim;
            this.seed = seed;
        }

        @Override
        public String name() {
            return "ngram-proj-" + ngrams.buckets() + "-" + dim + "@1";
        }

        @Override
        public int dim() {
            return dim;
        }

        @Override
        public boolean supports(ItemContent item) {
            return !ItemText.of(item).isBlank();
        }

        @Override
        public byte[] contentKey(ItemContent item) {
            return ItemText.of(item).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public float[][] encode(List<ItemContent> items, Progress progress) {
            float[][] out = new float[items.size()][];
            IntStream.range(0, items.size()).parallel().forEach(i -> out[i] = encodeText(ItemText.of(items.get(i))));
            return out;
        }

        float[] encodeText(String text) {
            float[] v = new float[dim];
            for (Map.Entry<Integer, Float> e : ngrams.features(text).entrySet()) {
                SplittableRandom r = new SplittableRandom(seed ^ (e.getKey() * 0x9E3779B97F4A7C15L));
                float w = e.getValue();
                for (int j = 0; j < dim; j++) {
                    v[j] += r.nextBoolean() ? w : -w;
                }
            }
            double n = 0;
            for (float x : v) {
                n += (double) x * x;
            }
            if (n > 0) {
                float inv = (float) (1 / Math.sqrt(n));
                for (int j = 0; j < dim; j++) {
                    v[j] *= inv;
                }
            }
            return v;
        }
    }

    /**
     * The {@link AudioCnn} with fixed, seeded He-initialised weights, run in pure Java on the clip's
     * standardised log-mel spectrogram (40 bands, cropped or padded to 64 frames): random
     * convolutional features, which the item tower's first layer then combines. (Training the CNN
     * inside the tower is the next step; random conv features already separate spectral shapes.)
     */
    static final class AudioCnnEncoder implements ContentEncoder {
        static final int FRAMES = 64;
        private final List<float[]> arrays;
        private final int dim;
        private final long seed;
        private final LogMelStatsEncoder mels = new LogMelStatsEncoder();

        private AudioCnnEncoder(List<float[]> arrays, int dim, long seed) {
            this.arrays = arrays;
            this.dim = dim;
            this.seed = seed;
        }

        static AudioCnnEncoder create(int dim, long seed) {
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                Weights w = new Weights(m);
                AudioCnn.addTo(w, "", dim, seed);
                List<float[]> arrays = new ArrayList<>();
                for (String n : AudioCnn.NAMES) {
                    arrays.add(w.values(n));
                }
                return new AudioCnnEncoder(arrays, dim, seed);
            }
        }

        @Override
        public String name() {
            return "audiocnn-random-" + dim + "-" + Long.toHexString(seed) + "@1";
        }

        @Override
        public int dim() {
            return dim;
        }

        @Override
        public boolean supports(ItemContent item) {
            return mels.supports(item);
        }

        @Override
        public byte[] contentKey(ItemContent item) {
            return mels.contentKey(item);
        }

        @Override
        public float[][] encode(List<ItemContent> items, Progress progress) {
            float[][] out = new float[items.size()][];
            IntStream.range(0, items.size()).parallel().forEach(i -> {
                ItemContent c = items.get(i);
                if (!supports(c)) {
                    out[i] = new float[dim];
                    return;
                }
                var clip = LogMelStatsEncoder.clip(c.audio());
                MelSpectrogram mel = mels.spectrogram(clip.sampleRate());
                float[] spec = mel.compute(clip.samples(), clip.sampleRate());
                spec = AudioCnn.fitFrames(AudioCnn.standardise(spec), LogMelStatsEncoder.MELS, FRAMES);
                out[i] = AudioCnn.embed(arrays, spec, LogMelStatsEncoder.MELS, FRAMES);
            });
            return out;
        }
    }
}
