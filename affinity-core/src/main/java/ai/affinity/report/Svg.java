package ai.affinity.report;

import java.util.Locale;

/**
 * A tiny builder for inline SVG (no namespace URL: inline SVG in HTML5 needs none, and the report
 * must reference nothing outside itself). Every text and tooltip is HTML-escaped here, so callers
 * pass raw strings. Styling comes from CSS classes where possible, colours as attributes where they
 * vary per series. Not thread-safe; one builder per chart.
 */
final class Svg {
    private final StringBuilder sb = new StringBuilder(4096);

    /** Opens an {@code <svg>} of the given pixel size with an accessible label. */
    Svg(double width, double height, String label) {
        sb.append("<svg class=\"chart\" width=\"").append(n(width)).append("\" height=\"").append(n(height))
                .append("\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height))
                .append("\" role=\"img\" aria-label=\"").append(ReportSupport.html(label)).append("\">\n");
    }

    Svg rect(double x, double y, double w, double h, String cssClass, String fill, String tooltip) {
        sb.append("<rect class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(Math.max(0, w))).append("\" height=\"").append(n(Math.max(0, h)))
                .append('"');
        if (fill != null) {
            sb.append(" fill=\"").append(fill).append('"');
        }
        return close("rect", tooltip);
    }

    Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        return line(x1, y1, x2, y2, cssClass, null);
    }

    Svg line(double x1, double y1, double x2, double y2, String cssClass, String stroke) {
        sb.append("<line class=\"").append(cssClass).append("\" x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1))
                .append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2)).append('"');
        if (stroke != null) {
            sb.append(" stroke=\"").append(stroke).append('"');
        }
        sb.append("/>\n");
        return this;
    }

    /** A polyline through the points; the caller splits series at missing values. */
    Svg polyline(double[] xs, double[] ys, int count, String cssClass, String stroke) {
        sb.append("<polyline class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(stroke)
                .append("\" points=\"");
        for (int i = 0; i < count; i++) {
            sb.append(i > 0 ? " " : "").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        sb.append("\"/>\n");
        return this;
    }

    Svg circle(double cx, double cy, double r, String cssClass, String fill, String tooltip) {
        sb.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(n(cx)).append("\" cy=\"")
                .append(n(cy)).append("\" r=\"").append(n(r)).append("\" fill=\"").append(fill).append('"');
        return close("circle", tooltip);
    }

    /**
     * Text at (x, y) baseline; anchor is "start", "middle" or "end". A tooltip shows the full text
     * where the visible text was shortened.
     */
    Svg text(double x, double y, String text, String anchor, String cssClass, String tooltip) {
        sb.append("<text class=\"").append(cssClass).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" text-anchor=\"").append(anchor).append("\">");
        if (tooltip != null) {
            sb.append("<title>").append(ReportSupport.html(tooltip)).append("</title>");
        }
        sb.append(ReportSupport.html(text)).append("</text>\n");
        return this;
    }

    Svg text(double x, double y, String text, String anchor, String cssClass) {
        return text(x, y, text, anchor, cssClass, null);
    }

    /** Closes the element and returns the markup. */
    String end() {
        return sb.append("</svg>\n").toString();
    }

    private Svg close(String tag, String tooltip) {
        if (tooltip == null) {
            sb.append("/>\n");
        } else {
            sb.append("><title>").append(ReportSupport.html(tooltip)).append("</title></").append(tag).append(">\n");
        }
        return this;
    }

    /** Coordinates with at most one decimal: smaller files, no visible difference. */
    private static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }
}
