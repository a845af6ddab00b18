package ai.affinity.util;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of long work. On a terminal it redraws one line with a bar, rate and ETA; otherwise it
 * prints a plain line at most every few seconds. Thread-safe: workers call {@link #advance}.
 */
public class Progress {
    private static final Progress SILENT = new Progress(null, false);

    private final PrintStream out;
    private final boolean terminal;
    private final AtomicLong done = new AtomicLong();
    private volatile String task = "";
    private volatile long total;
    private volatile long startNanos;
    private volatile long lastPrintNanos;

    protected Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public static Progress silent() {
        return SILENT;
    }

    /** Progress to stderr; a redrawn bar when stderr is a terminal, plain lines otherwise. */
    public static Progress toStderr() {
        return new Progress(System.err, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    public static Progress plain(PrintStream out) {
        return new Progress(out, false);
    }

    /** Starts a task of {@code total} units (0 when unknown). */
    public void start(String task, long total) {
        if (out == null) {
            return;
        }
        this.task = task;
        this.total = total;
        done.set(0);
        startNanos = System.nanoTime();
        lastPrintNanos = startNanos;
    }

    public void advance(long units) {
        if (out == null) {
            return;
        }
        long d = done.addAndGet(units);
        long now = System.nanoTime();
        long interval = terminal ? 200_000_000L : 5_000_000_000L;
        if (now - lastPrintNanos >= interval) {
            synchronized (this) {
                if (now - lastPrintNanos >= interval) {
                    lastPrintNanos = now;
                    print(d, now, false);
                }
            }
        }
    }

    /** Ends the current task, printing its final count and rate. */
    public void finish() {
        if (out == null) {
            return;
        }
        synchronized (this) {
            print(done.get(), System.nanoTime(), true);
        }
    }

    private void print(long d, long now, boolean last) {
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = d / secs;
        StringBuilder sb = new StringBuilder();
        if (terminal) {
            sb.append('\r');
        }
        sb.append(task).append(' ');
        if (total > 0) {
            double frac = Math.min(1.0, (double) d / total);
            if (terminal) {
                int width = 24;
                int filled = (int) Math.round(frac * width);
                sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
            }
            sb.append(String.format("%d/%d (%.0f%%)", d, total, frac * 100));
        } else {
            sb.append(d);
        }
        sb.append(String.format(" %.0f/s", rate));
        if (!last && total > 0 && rate > 0) {
            sb.append(String.format(" ETA %.0fs", (total - d) / rate));
        } else if (last) {
            sb.append(String.format(" in %.1fs", secs));
        }
        if (terminal) {
            out.print(sb);
            if (last) {
                out.println();
            }
        } else {
            out.println(sb);
        }
        out.flush();
    }
}
