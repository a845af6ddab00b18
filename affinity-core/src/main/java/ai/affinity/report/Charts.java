package ai.affinity.report;

import java.util.List;
import java.util.Locale;

/**
 * The two chart kinds of the HTML report, drawn with {@link Svg}: horizontal bars with confidence
 * whiskers (one bar per model, so long model names fit on the left), and metric-vs-k lines with a
 * legend. Value axes always include 0, so bar lengths are honest. Missing values (NaN) draw no bar or
 * point and are labelled "n/a". Stateless.
 */
final class Charts {
    /** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), then greys. */
    static final List<String> PALETTE = List.of(
            "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31", "#555555");

    static final double WIDTH = 520;
    private static final double TITLE_H = 30;
    private static final double CHAR_W = 6.6; // rough width of an 11px sans-serif character
    private static final int NAME_MAX = 26;

    private Charts() {
    }

    static String color(int series) {
        return PALETTE.get(series % PALETTE.size());
    }

    /**
     * Bars from 0 to each mean with whiskers from lo to hi (skipped where lo or hi is NaN), the mean
     * printed right of the bar or whisker.
     */
    static String bars(String title, List<String> names, double[] mean, double[] lo, double[] hi) {
        int n = names.size();
        double longest = 0;
        for (String name : names) {
            longest = Math.max(longest, ReportSupport.clip(name, NAME_MAX).length());
        }
        double left = Math.max(60, Math.min(190, longest * CHAR_W + 14));
        double right = 56; // room for the value label past the longest bar
        double rowH = 28;
        double barH = 16;
        double top = TITLE_H + 6;
        double plotH = Math.max(1, n) * rowH;
        double height = top + plotH + 34;

        double min = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (double v : new double[]{mean[i], lo[i], hi[i]}) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        Ticks ticks = Ticks.of(min, max);
        double x0 = left;
        double x1 = WIDTH - right;
        Scale x = new Scale(ticks.lo, ticks.hi, x0, x1);

        Svg svg = new Svg(WIDTH, height, title + " by model, with 95% confidence intervals");
        svg.text(WIDTH / 2, 20, title, "middle", "title");
        double axisY = top + plotH;
        for (int t = 0; t < ticks.count; t++) {
            double v = ticks.value(t);
            double px = x.at(v);
            svg.line(px, top, px, axisY, "grid");
            svg.line(px, axisY, px, axisY + 4, "axis");
            svg.text(px, axisY + 16, ticks.label(v), "middle", "tick");
        }
        svg.line(x0, axisY, x1, axisY, "axis");
        for (int i = 0; i < n; i++) {
            double yc = top + i * rowH + rowH / 2;
            String name = names.get(i);
            String shown = ReportSupport.clip(name, NAME_MAX);
            svg.text(left - 8, yc + 4, shown, "end", "label", shown.equals(name) ? null : name);
            String tip = name + ": " + ReportSupport.num(mean[i])
                    + (Double.isFinite(lo[i]) && Double.isFinite(hi[i])
                    ? " (95% CI " + ReportSupport.num(lo[i]) + " – " + ReportSupport.num(hi[i]) + ")" : "");
            double labelX = x.at(0);
            if (Double.isFinite(mean[i])) {
                double a = x.at(Math.min(0, mean[i]));
                double b = x.at(Math.max(0, mean[i]));
                svg.rect(a, yc - barH / 2, b - a, barH, "bar", color(i), tip);
                labelX = Math.max(labelX, x.at(mean[i]));
            }
            if (Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
                double a = x.at(lo[i]);
                double b = x.at(hi[i]);
                double cap = barH / 2 - 2;
                svg.line(a, yc, b, yc, "whisker");
                svg.line(a, yc - cap, a, yc + cap, "whisker cap");
                svg.line(b, yc - cap, b, yc + cap, "whisker cap");
                labelX = Math.max(labelX, b);
            }
            svg.text(labelX + 6, yc + 4, Double.isFinite(mean[i]) ? ReportSupport.num(mean[i]) : ReportSupport.NA,
                    "start", "value");
        }
        // The zero line last, so bars and whiskers never hide where the axis starts.
        svg.line(x.at(0), top, x.at(0), axisY, "axis");
        return svg.end();
    }

    /** One line per model through its values at each k (evenly spaced), markers at each point, legend below. */
    static String lines(String title, int[] ks, List<String> names, double[][] values) {
        String[] labels = new String[ks.length];
        for (int j = 0; j < ks.length; j++) {
            labels[j] = Integer.toString(ks[j]);
        }
        return lines(title, title + " vs k", "k (list length)", "@", labels, names, values);
    }

    /**
     * One line per series through its values at each x label (evenly spaced); {@code heading} is the
     * chart title, {@code xTitle} the axis title, and a point's tooltip reads
     * {@code name, title + joiner + label: value}.
     */
    static String lines(String title, String heading, String xTitle, String joiner, String[] xLabels,
                        List<String> names, double[][] values) {
        int n = names.size();
        int count = xLabels.length;
        double left = 52;
        double right = 18;
        double top = TITLE_H + 8;
        double plotH = 200;
        double legendRow = 18;
        double legendTop = top + plotH + 44;
        double height = legendTop + n * legendRow + 4;

        double min = 0;
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        Ticks ticks = Ticks.of(min, max);
        double x0 = left;
        double x1 = WIDTH - right;
        Scale y = new Scale(ticks.lo, ticks.hi, top + plotH, top);
        // Points inset from the plot edges so markers at the first and last k are not cut in half.
        double inset = 28;
        double[] xs = new double[count];
        for (int j = 0; j < count; j++) {
            xs[j] = count == 1 ? (x0 + x1) / 2 : x0 + inset + j * (x1 - x0 - 2 * inset) / (count - 1);
        }

        Svg svg = new Svg(WIDTH, height, heading + ", one line per model");
        svg.text(WIDTH / 2, 20, heading, "middle", "title");
        for (int t = 0; t < ticks.count; t++) {
            double v = ticks.value(t);
            double py = y.at(v);
            svg.line(x0, py, x1, py, "grid");
            svg.line(x0 - 4, py, x0, py, "axis");
            svg.text(x0 - 7, py + 4, ticks.label(v), "end", "tick");
        }
        svg.line(x0, top, x0, top + plotH, "axis");
        svg.line(x0, y.at(ticks.lo), x1, y.at(ticks.lo), "axis");
        for (int j = 0; j < count; j++) {
            svg.line(xs[j], top + plotH, xs[j], top + plotH + 4, "axis");
            svg.text(xs[j], top + plotH + 17, xLabels[j], "middle", "tick");
        }
        svg.text((x0 + x1) / 2, top + plotH + 34, xTitle, "middle", "axis-title");

        double[] px = new double[count];
        double[] py = new double[count];
        for (int i = 0; i < n; i++) {
            String c = color(i);
            // Split the line at missing values rather than drawing through them.
            int run = 0;
            for (int j = 0; j <= count; j++) {
                boolean ok = j < count && Double.isFinite(values[i][j]);
                if (ok) {
                    px[run] = xs[j];
                    py[run] = y.at(values[i][j]);
                    run++;
                } else {
                    if (run > 1) {
                        svg.polyline(px, py, run, "series", c);
                    }
                    run = 0;
                }
            }
            for (int j = 0; j < count; j++) {
                if (Double.isFinite(values[i][j])) {
                    svg.circle(xs[j], y.at(values[i][j]), 4, "marker", c,
                            names.get(i) + ", " + title + joiner + xLabels[j] + ": " + ReportSupport.num(values[i][j]));
                }
            }
            double ly = legendTop + i * legendRow;
            svg.line(x0, ly - 4, x0 + 24, ly - 4, "series", c);
            svg.circle(x0 + 12, ly - 4, 4, "marker", c, null);
            String shown = ReportSupport.clip(names.get(i), 60);
            svg.text(x0 + 32, ly, shown, "start", "label", shown.equals(names.get(i)) ? null : names.get(i));
        }
        return svg.end();
    }

    /** A linear map from a value domain to pixels. */
    private record Scale(double d0, double d1, double r0, double r1) {
        double at(double v) {
            return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
        }
    }

    /** "Nice" axis ticks (steps of 1, 2 or 5 times a power of ten) covering [min, max]. */
    record Ticks(double lo, double hi, double step, int count, int decimals) {
        static Ticks of(double min, double max) {
            if (!(max > min)) {
                max = min + 1;
            }
            double raw = (max - min) / 5;
            double pow = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / pow;
            double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
            double lo = Math.floor(min / step + 1e-9) * step;
            double hi = Math.ceil(max / step - 1e-9) * step;
            int count = (int) Math.round((hi - lo) / step) + 1;
            int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
            return new Ticks(lo, hi, step, count, decimals);
        }

        double value(int i) {
            return lo + i * step;
        }

        String label(double v) {
            // Avoid "-0.00" from rounding error at the zero tick.
            return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step * 1e-6 ? 0.0 : v);
        }
    }
}
