package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.synthetic.AffinityDirFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code affinity data}: inspect a data set or generate a synthetic one. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect or generate data sets.",
        subcommands = {DataCommand.Inspect.class, DataCommand.Generate.class})
public final class DataCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Counts, sparsity, time span and what loading skipped. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print counts, sparsity, time span, value range and skipped lines of a data set.")
    public static final class Inspect implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Override
        public Integer call() throws IOException {
            Dataset d = data.load(System.err);
            System.out.print(describe(d));
            return 0;
        }
    }

    /** Writes a synthetic data set to a directory in the native format. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate a synthetic data set (tiny, small, medium, large) into a directory "
                    + "(events.csv, items.jsonl, users.jsonl, images/, audio/); read it back with --data affinity:DIR.")
    public static final class Generate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "synthetic:NAME", description = "e.g. synthetic:small")
        String spec;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException {
            if (!spec.startsWith("synthetic:")) {
                throw new IllegalArgumentException("expected synthetic:NAME (tiny, small, medium, large), got '" + spec + "'");
            }
            long t0 = System.nanoTime();
            Dataset d = Launch.generate(spec.substring("synthetic:".length()), seed);
            AffinityDirFormat.write(d, out);
            System.out.printf("wrote %s (%d users, %d items, %d events) to %s in %.1fs%n", d.name(), d.numUsers(),
                    d.numItems(), d.interactions().numEvents(), out, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    static String describe(Dataset d) {
        Interactions x = d.interactions();
        StringBuilder sb = new StringBuilder();
        sb.append("data set      ").append(d.name()).append('\n');
        for (Map.Entry<String, String> e : d.info().entrySet()) {
            sb.append(String.format("%-13s %s%n", e.getKey(), e.getValue()));
        }
        int activeUsers = x.numActiveUsers();
        int activeItems = x.numActiveItems();
        sb.append(String.format("users         %d (%d with events)%n", x.numUsers(), activeUsers));
        sb.append(String.format("items         %d (%d with events)%n", x.numItems(), activeItems));
        sb.append(String.format("events        %d%n", x.numEvents()));
        double density = x.numUsers() == 0 || x.numItems() == 0 ? 0 : (double) x.numEvents() / ((double) x.numUsers() * x.numItems());
        sb.append(String.format("density       %.6f (sparsity %.4f%%)%n", density, 100 * (1 - density)));
        if (x.numEvents() > 0) {
            sb.append(String.format("time span     %s .. %s%n", Instant.ofEpochSecond(x.minTimestamp()),
                    Instant.ofEpochSecond(x.maxTimestamp())));
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            double sum = 0;
            for (int p = 0; p < x.numEvents(); p++) {
                min = Math.min(min, x.value(p));
                max = Math.max(max, x.value(p));
                sum += x.value(p);
            }
            sb.append(String.format("values        min %s, max %s, mean %.3f%n", min, max, sum / x.numEvents()));
            int[] perUser = new int[x.numUsers()];
            for (int u = 0; u < x.numUsers(); u++) {
                perUser[u] = x.userCount(u);
            }
            int[] perItem = x.itemCounts();
            sb.append("events/user   ").append(quantiles(perUser)).append('\n');
            sb.append("events/item   ").append(quantiles(perItem)).append('\n');
        }
        sb.append(String.format("item content  %d with titles, %d with text, %d with images, %d with audio%n",
                count(d, 0), count(d, 1), count(d, 2), count(d, 3)));
        sb.append(String.format("user features %s%n", d.users().hasFeatures() ? "yes" : "none"));
        sb.append("loading       ").append(d.report().summary()).append('\n');
        for (String msg : d.report().badLineMessages()) {
            sb.append("  skipped: ").append(msg).append('\n');
        }
        return sb.toString();
    }

    private static int count(Dataset d, int what) {
        int n = 0;
        for (int i = 0; i < d.numItems(); i++) {
            var c = d.items().get(i);
            boolean has = switch (what) {
                case 0 -> !c.title().isEmpty();
                case 1 -> !c.text().isEmpty();
                case 2 -> c.image() != null;
                default -> c.audio() != null;
            };
            if (has) {
                n++;
            }
        }
        return n;
    }

    private static String quantiles(int[] v) {
        int[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return "-";
        }
        return String.format("min %d, median %d, p90 %d, max %d", s[0], s[s.length / 2],
                s[(int) Math.min(s.length - 1, Math.floor(s.length * 0.9))], s[s.length - 1]);
    }
}
