package ai.affinity.bench.spark;

import ai.affinity.bench.IalsBenchmark;
import ai.affinity.data.Interactions;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * Spark MLlib's {@code ml.recommendation.ALS} with {@code implicitPrefs=true} in {@code local[threads]}
 * mode, for {@link IalsBenchmark}. Compiled only in the {@code spark} Maven profile.
 *
 * <p>The events reach Spark as a cached DataFrame {@code (user int, item int, rating float = 1)},
 * materialised before any timed fit. Local mode runs tasks inside this JVM, so the partitions read the
 * event arrays from a static field instead of shipping 10M rows through the driver; this only works in
 * local mode, which is all this benchmark uses. Every other ALS setting is Spark's default (10 user
 * and 10 item blocks, Cholesky solver, no non-negativity).
 */
public final class SparkAls implements IalsBenchmark.ExternalAls {
    /** Event arrays shared with the in-process tasks (local mode only). */
    private static volatile int[] users;
    private static volatile int[] items;

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("library", "Apache Spark MLlib org.apache.spark.ml.recommendation.ALS");
        m.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        m.put("scala_version", scala.util.Properties.versionNumberString());
        m.put("implicit_prefs", true);
        m.put("solver", "Cholesky per row (Spark default), default 10 user / 10 item blocks");
        m.put("input", "cached DataFrame (user, item, rating=1.0), materialised before timing");
        m.put("blas", blasName());
        return m;
    }

    @Override
    public double[] fitSeconds(Interactions data, int rank, double alpha, double regParam, int threads, long seed,
                               int[] maxIters, int warmups) {
        // Spark's driver reads SPARK_LOCAL_IP too; the config above is enough for local mode.
        int n = data.numEvents();
        int[] u = new int[n];
        int[] it = new int[n];
        for (int user = 0; user < data.numUsers(); user++) {
            for (int e = data.start(user); e < data.end(user); e++) {
                u[e] = user;
                it[e] = data.item(e);
            }
        }
        users = u;
        items = it;
        SparkSession spark = SparkSession.builder()
                .master("local[" + threads + "]")
                .appName("affinity-ials-benchmark")
                .config("spark.ui.enabled", "false")
                // Everything stays on this machine: bind the driver (and its in-process executor) to loopback.
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", Integer.toString(threads * 4))
                .config("spark.default.parallelism", Integer.toString(threads * 4))
                .getOrCreate();
        try {
            SparkContext sc = spark.sparkContext();
            sc.setLogLevel("WARN");
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
            int parts = threads * 4;
            List<Integer> partIds = IntStream.range(0, parts).boxed().toList();
            JavaRDD<Row> rows = jsc.parallelize(partIds, parts).flatMap(p -> events(p, parts));
            StructType schema = new StructType()
                    .add("user", DataTypes.IntegerType, false)
                    .add("item", DataTypes.IntegerType, false)
                    .add("rating", DataTypes.FloatType, false);
            Dataset<Row> df = spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_ONLY());
            long count = df.count();
            if (count != n) {
                throw new IllegalStateException("Spark saw " + count + " events, expected " + n);
            }
            System.err.printf("spark %s: %d events cached in %d partitions%n", spark.version(), count, parts);
            for (int w = 0; w < warmups; w++) {
                long s = System.nanoTime();
                als(rank, alpha, regParam, seed, maxIters[0]).fit(df);
                System.err.printf("spark warm-up: %d iterations in %.2fs%n", maxIters[0], (System.nanoTime() - s) / 1e9);
            }
            double[] seconds = new double[maxIters.length];
            for (int k = 0; k < maxIters.length; k++) {
                long s = System.nanoTime();
                // ALS.fit is eager: it materialises the final user and item factors before returning.
                als(rank, alpha, regParam, seed, maxIters[k]).fit(df);
                seconds[k] = (System.nanoTime() - s) / 1e9;
                System.err.printf("spark: %d iterations in %.2fs%n", maxIters[k], seconds[k]);
            }
            df.unpersist();
            return seconds;
        } finally {
            spark.stop();
            users = null;
            items = null;
        }
    }

    /** Which BLAS Spark's netlib wrapper picked (native JNI, the Java Vector API one, or plain Java). */
    private static String blasName() {
        try {
            return dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName();
        } catch (RuntimeException | LinkageError e) {
            return "unknown (" + e + ")";
        }
    }

    private static ALS als(int rank, double alpha, double regParam, long seed, int maxIter) {
        return new ALS().setRank(rank).setMaxIter(maxIter).setImplicitPrefs(true).setAlpha(alpha)
                .setRegParam(regParam).setSeed(seed).setUserCol("user").setItemCol("item").setRatingCol("rating");
    }

    /** Part {@code p} of {@code parts} of the events, as rows with rating 1. */
    private static Iterator<Row> events(int p, int parts) {
        int[] u = users;
        int[] it = items;
        if (u == null) {
            throw new IllegalStateException("event arrays not set: SparkAls runs in local mode only");
        }
        int n = u.length;
        int from = (int) ((long) n * p / parts);
        int to = (int) ((long) n * (p + 1) / parts);
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Row next() {
                if (next >= to) {
                    throw new NoSuchElementException();
                }
                int e = next++;
                return RowFactory.create(u[e], it[e], 1.0f);
            }
        };
    }
}
