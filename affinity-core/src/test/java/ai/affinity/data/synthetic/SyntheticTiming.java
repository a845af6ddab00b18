package ai.affinity.data.synthetic;

import ai.affinity.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Locale;

/**
 * Generation time of the presets: not a unit test. Runs only with {@code -Daffinity.timing=true}:
 * <pre>
 * ./mvnw -B -o -pl affinity-core test -Dtest=SyntheticTiming -Daffinity.timing=true
 * </pre>
 * or as a program with a chosen heap (the brief's budget is 2 GB):
 * <pre>
 * java -Xmx2g -cp affinity-core/target/classes:affinity-core/target/test-classes \
 *     ai.affinity.data.synthetic.SyntheticTiming small,medium,large
 * </pre>
 */
@EnabledIfSystemProperty(named = "affinity.timing", matches = "true")
class SyntheticTiming {
    @Test
    void timePresets() {
        main(new String[] {System.getProperty("affinity.timing.presets", "small,medium,large")});
    }

    public static void main(String[] args) {
        String presets = args.length > 0 ? args[0] : "small,medium,large";
        boolean media = args.length < 2 || Boolean.parseBoolean(args[1]);
        System.out.printf(Locale.ROOT, "cores=%d maxHeap=%dMB java=%s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        for (String p : presets.split(",")) {
            SyntheticConfig cfg = SyntheticConfig.preset(p).withMedia(media);
            long t = System.nanoTime();
            Dataset d = SyntheticGenerator.generate(cfg, SyntheticGenerator.DEFAULT_SEED);
            double s = (System.nanoTime() - t) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
            System.out.printf(Locale.ROOT, "%-6s media=%-5s %7.2f s  users=%d items=%d events=%d  live heap after GC=%d MB%n",
                    p, media, s, d.numUsers(), d.numItems(), d.interactions().numEvents(), used);
        }
    }
}
