package ai.affinity.data;

import java.util.List;
import java.util.Map;

/**
 * What an item is, independent of who interacted with it.
 *
 * @param title       display title, may be empty
 * @param text        free text (description, tags, generated sentences), may be empty
 * @param categorical categorical attributes, each possibly multi-valued (e.g. "genre" → [Action, Comedy])
 * @param numeric     numeric attributes (e.g. "year" → 1995)
 * @param image       the item's picture, or null
 * @param audio       the item's audio clip, or null
 * @param firstSeen   when the item appeared (seconds since the epoch), or {@link Long#MIN_VALUE} when unknown
 */
public record ItemContent(String title, String text, Map<String, List<String>> categorical,
                          Map<String, Double> numeric, Image image, Audio audio, long firstSeen) {
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    public ItemContent {
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        categorical = categorical == null ? Map.of() : Map.copyOf(categorical);
        numeric = numeric == null ? Map.of() : Map.copyOf(numeric);
    }

    public static ItemContent empty() {
        return new ItemContent("", "", Map.of(), Map.of(), null, null, UNKNOWN_TIME);
    }

    public static ItemContent titled(String title) {
        return new ItemContent(title, "", Map.of(), Map.of(), null, null, UNKNOWN_TIME);
    }

    /**
     * An image: either pixels in memory (row-major, {@code channels} interleaved bytes per pixel)
     * or a path to a file, or both.
     */
    public record Image(int width, int height, int channels, byte[] pixels, String path) {
        public Image {
            if (pixels != null && pixels.length != width * height * channels) {
                throw new IllegalArgumentException("pixels length " + pixels.length + " != " + width + "x"
                        + height + "x" + channels);
            }
        }
    }

    /** A mono audio clip: samples in [-1, 1] at {@code sampleRate} Hz in memory, or a path to a WAV file. */
    public record Audio(int sampleRate, float[] samples, String path) {
    }
}
