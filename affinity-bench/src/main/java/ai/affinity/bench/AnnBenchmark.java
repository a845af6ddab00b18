package ai.affinity.bench;

import ai.affinity.ann.BruteForceIndex;
import ai.affinity.ann.HnswIndex;
import ai.affinity.ann.HnswParams;
import ai.affinity.ann.Neighbors;
import ai.affinity.ann.Similarity;
import ai.affinity.util.Machine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Approximate nearest neighbours at catalogue scale: build time, memory, single-thread query latency (p50/p99),
 * queries/s and recall@k against brute force, for Lucene's HNSW ({@link HnswIndex}) and exact search, on seeded
 * clustered vectors with log-normal norms (maximum inner product: the norms change the answer). The build runs on
 * one thread.
 *
 * <p>The comparison with jvector 4.0.2 recorded in {@code results/ann-1m.json} ran from commits 88f8c66 and a0afca8 of this
 * class (jvector was then a dependency of this module; it was removed once Lucene was chosen, so that one ANN
 * library remains in the build).
 *
 * <pre>
 * nice -n 5 java -Xmx4g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.AnnBenchmark \
 *     [--items 1000000] [--dim 64] [--clusters 1000] [--queries 1000] [--k 100] [--seed 42] \
 *     [--ef 100,200,400,800,1600] [--skip-lucene] [--out affinity-bench/results/ann-1m.json]
 * </pre>
 */
public final class AnnBenchmark {
    private AnnBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int items = 1_000_000;
        int dim = 64;
        int clusters = 1000;
        int queries = 1000;
        int k = 100;
        long seed = 42;
        int[] efs = {100, 200, 400, 800, 1600};
        boolean luceneOn = true;
        int m = 16;
        int efc = 100;
        int[] uppers = {HnswParams.defaults().upperEf()};
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--items" -> items = Integer.parseInt(args[++i]);
                case "--dim" -> dim = Integer.parseInt(args[++i]);
                case "--clusters" -> clusters = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--ef" -> efs = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--skip-lucene" -> luceneOn = false;
                case "--m" -> m = Integer.parseInt(args[++i]);
                case "--ef-construction" -> efc = Integer.parseInt(args[++i]);
                case "--upper-ef" -> uppers = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --items, --dim, --clusters, --queries, --k, --seed, --ef, --m, --ef-construction,"
                        + " --upper-ef, --skip-lucene, --out");
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", "ANN over item vectors: Lucene HNSW vs brute force, maximum inner product");
        record.put("command", "nice -n 5 java -Xmx4g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.AnnBenchmark "
                + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("load_average_start", Machine.loadAverage());
        record.put("data", Map.of("kind", "seeded clustered gaussian vectors, log-normal norms (sigma 0.5); queries"
                + " drawn the same way with another seed (not items)", "items", items, "dim", dim, "clusters", clusters,
                "queries", queries, "seed", seed, "query_seed", seed + 1));
        record.put("k", k);

        float[] matrix = clustered(items, dim, clusters, seed, seed);
        float[] qs = clustered(queries, dim, clusters, seed, seed + 1);
        System.err.printf("data: %d x %d, %d queries%n", items, dim, queries);

        // Exact ground truth (parallel scan), and single-thread brute-force latency on a sample.
        long heap0 = usedHeap();
        BruteForceIndex exact = BruteForceIndex.build(matrix, dim, Similarity.INNER_PRODUCT, true);
        long exactBytes = usedHeap() - heap0;
        int[][] truth = new int[queries][];
        long t0 = System.nanoTime();
        for (int q = 0; q < queries; q++) {
            truth[q] = exact.search(row(qs, dim, q), k).ids();
        }
        double truthSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("ground truth: %.1fs (parallel)%n", truthSeconds);
        int bfSample = Math.min(queries, 50);
        BruteForceIndex seq = BruteForceIndex.build(matrix, dim, Similarity.INNER_PRODUCT, false);
        long[] bfNanos = new long[bfSample];
        for (int q = 0; q < bfSample; q++) {
            long s = System.nanoTime();
            seq.search(row(qs, dim, q), k);
            bfNanos[q] = System.nanoTime() - s;
        }
        seq = null;
        Map<String, Object> bf = new LinkedHashMap<>();
        bf.put("heap_bytes", exactBytes);
        bf.put("ground_truth_seconds_parallel", truthSeconds);
        bf.put("single_thread", latency(bfNanos));
        record.put("brute_force", bf);
        write(record, out);
        System.err.println("brute force: " + bf);

        // Lucene HNSW through ai.affinity.ann.HnswIndex.
        if (luceneOn) {
        HnswParams params = HnswParams.defaults().withRerankFactor(1).withM(m).withEfConstruction(efc);
        System.gc();
        heap0 = usedHeap();
        t0 = System.nanoTime();
        double cpu0 = processCpuSeconds();
        HnswIndex lucene = HnswIndex.build(matrix, dim, Similarity.INNER_PRODUCT, params);
        double luceneBuild = (System.nanoTime() - t0) / 1e9;
        double luceneBuildCpu = processCpuSeconds() - cpu0;
        long luceneHeap = usedHeap() - heap0;
        System.err.printf("lucene build: %.1fs, heap %d MB, bytes() %d MB%n", luceneBuild, luceneHeap >> 20, lucene.bytes() >> 20);
        Map<String, Object> lu = new LinkedHashMap<>();
        lu.put("library", "org.apache.lucene:lucene-core:9.12.3 (util.hnsw, on heap; scalar dot products on Java 17)");
        lu.put("params", Map.of("m", params.m(), "efConstruction", params.efConstruction(), "seed", params.seed(),
                "similarity", "MAXIMUM_INNER_PRODUCT scaling on raw vectors", "build_threads", 1,
                "bottom_layer_backlinks", "each node linked from its best neighbour (HnswIndex repair)"));
        lu.put("build_seconds", luceneBuild);
        lu.put("build_process_cpu_seconds", luceneBuildCpu);
        lu.put("heap_bytes_after_gc", luceneHeap);
        lu.put("index_bytes_estimate", lucene.bytes());
        List<Map<String, Object>> luRuns = new ArrayList<>();
        record.put("lucene_hnsw", lu);
        int kf0 = k;
        for (int upper : uppers) {
            for (int ef : efs) {
                HnswIndex view = lucene.withSearch(ef, 1).withUpperEf(upper);
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("upper_ef", upper);
                run.putAll(measure("lucene upperEf=" + upper, ef, qs, dim, k, truth, q -> view.search(q, kf0).ids()));
                luRuns.add(run);
                lu.put("search", luRuns);
                write(record, out);
            }
        }
        record.put("lucene_hnsw", lu);
        write(record, out);
        lucene = null;
        }

        record.put("load_average_end", Machine.loadAverage());
        record.put("note", "wall latencies on a loaded shared machine include time waiting for a core; thread_cpu"
                + " latencies and process CPU seconds are the less disturbed numbers. Heap bytes are used-heap differences after System.gc(), approximate; latency is one thread,"
                + " one query at a time, after one warm-up pass over the queries; recall@k = |ANN ∩ exact top-k| / k"
                + " averaged over queries; the shared 2-core machine was also running other work (see load averages)");
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record));
        write(record, out);
        if (out != null) {
            System.err.println("wrote " + out);
        }
    }

    /** Writes the record so far: a long run on a shared machine keeps its finished phases if stopped. */
    private static void write(Map<String, Object> record, Path out) throws java.io.IOException {
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record) + "\n");
        }
    }

    private static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private interface Searcher {
        int[] search(float[] query);
    }

    private static Map<String, Object> measure(String name, int ef, float[] qs, int dim, int k, int[][] truth, Searcher s) {
        int nq = truth.length;
        for (int q = 0; q < nq; q++) { // warm-up
            s.search(row(qs, dim, q));
        }
        long[] nanos = new long[nq];
        long[] cpuNanos = new long[nq];
        java.lang.management.ThreadMXBean tmx = java.lang.management.ManagementFactory.getThreadMXBean();
        double recall = 0;
        long start = System.nanoTime();
        for (int q = 0; q < nq; q++) {
            float[] query = row(qs, dim, q);
            long c = tmx.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            int[] got = s.search(query);
            nanos[q] = System.nanoTime() - t;
            cpuNanos[q] = tmx.getCurrentThreadCpuTime() - c;
            recall += overlap(got, truth[q]) / (double) truth[q].length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ef", ef);
        m.put("recall_at_k", recall / nq);
        m.putAll(latency(nanos));
        m.put("queries_per_second_single_thread", nq / seconds);
        Map<String, Object> cpu = latency(cpuNanos);
        m.put("thread_cpu", cpu);
        m.put("queries_per_cpu_second", nq / (Arrays.stream(cpuNanos).sum() / 1e9));
        System.err.println(name + " " + m);
        return m;
    }

    private static Map<String, Object> latency(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50_ms", sorted[(int) Math.floor(0.50 * (sorted.length - 1))] / 1e6);
        m.put("p99_ms", sorted[(int) Math.floor(0.99 * (sorted.length - 1))] / 1e6);
        m.put("mean_ms", Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6);
        return m;
    }

    private static int overlap(int[] got, int[] truth) {
        int[] t = truth.clone();
        Arrays.sort(t);
        int hit = 0;
        for (int id : got) {
            hit += Arrays.binarySearch(t, id) >= 0 ? 1 : 0;
        }
        return hit;
    }

    /** Rows around {@code clusters} centres (drawn from {@code centreSeed}), scaled by log-normal norms. */
    static float[] clustered(int n, int dim, int clusters, long centreSeed, long seed) {
        SplittableRandom c = new SplittableRandom(centreSeed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) gaussian(c);
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
        float[] out = new float[Math.multiplyExact(n, dim)];
        for (int r = 0; r < n; r++) {
            int cl = rnd.nextInt(clusters);
            double scale = Math.exp(0.5 * gaussian(rnd));
            for (int j = 0; j < dim; j++) {
                out[r * dim + j] = (float) (scale * (centres[cl * dim + j] + 0.5 * gaussian(rnd)) / Math.sqrt(dim));
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static float[] row(float[] m, int dim, int r) {
        return Arrays.copyOfRange(m, r * dim, (r + 1) * dim);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

}
