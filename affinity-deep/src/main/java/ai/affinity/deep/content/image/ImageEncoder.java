package ai.affinity.deep.content.image;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.ContentEncoder;
import ai.affinity.util.Progress;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Frozen image embeddings from the Fashion-MNIST-pretrained {@link ImageCnn} (transfer learning:
 * features learned on product photos applied to item pictures). An image is resized (bilinear) to
 * 28×28 and either turned grey (luma, {@link Mode#GREY}, 64 values) or, in {@link Mode#PER_CHANNEL}
 * (the default, 192 values), embedded once per colour channel with the three embeddings
 * concatenated, because the CNN saw only grey images and colour is much of what tells pictures apart.
 * Grey images in {@code PER_CHANNEL} mode repeat their one embedding three times.
 *
 * <p>Reads in-memory pixels ({@link ItemContent.Image#pixels()}, 1, 3 or 4 interleaved channels;
 * alpha is ignored) or, when absent, the file at {@link ItemContent.Image#path()} through
 * {@code javax.imageio} (PNG, JPEG, GIF, BMP); also {@link #encodeBytes} for encoded bytes. Items are
 * encoded in parallel. Pure Java after loading: thread-safe, no native calls.
 */
public final class ImageEncoder implements ContentEncoder {
    /** How colour reaches the grey-trained CNN. */
    public enum Mode { GREY, PER_CHANNEL }

    private final ImageCnn cnn;
    private final Mode mode;
    private final String weightsTag;

    /**
     * @param weightsTag names the weights in {@link #name()} (the cache key), e.g. {@code "fmnist1"}
     */
    public ImageEncoder(ImageCnn cnn, Mode mode, String weightsTag) {
        this.cnn = cnn;
        this.mode = mode;
        this.weightsTag = weightsTag;
    }

    /** The shipped Fashion-MNIST weights, per-channel mode. */
    public static ImageEncoder pretrained() {
        return new ImageEncoder(ImageCnn.pretrained(), Mode.PER_CHANNEL, "fmnist1");
    }

    public static ImageEncoder pretrained(Mode mode) {
        return new ImageEncoder(ImageCnn.pretrained(), mode, "fmnist1");
    }

    public ImageCnn cnn() {
        return cnn;
    }

    @Override
    public String name() {
        return "image-cnn-" + weightsTag + "-" + mode.name().toLowerCase(java.util.Locale.ROOT) + "@1";
    }

    @Override
    public int dim() {
        return mode == Mode.GREY ? ImageCnn.EMBED_DIM : 3 * ImageCnn.EMBED_DIM;
    }

    @Override
    public boolean supports(ItemContent item) {
        ItemContent.Image im = item.image();
        return im != null && (im.pixels() != null || im.path() != null);
    }

    @Override
    public byte[] contentKey(ItemContent item) {
        ItemContent.Image im = item.image();
        if (im.pixels() == null) {
            try {
                return Files.readAllBytes(Path.of(im.path()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image " + im.path(), e);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(12 + im.pixels().length);
        b.putInt(im.width()).putInt(im.height()).putInt(im.channels()).put(im.pixels());
        return b.array();
    }

    @Override
    public float[][] encode(List<ItemContent> items, Progress progress) {
        Progress p = progress == null ? Progress.silent() : progress;
        p.start("embed images (" + name() + ")", items.size());
        float[][] out = new float[items.size()][];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            ItemContent c = items.get(i);
            out[i] = supports(c) ? encodeImage(c.image()) : new float[dim()];
            p.advance(1);
        });
        p.finish();
        return out;
    }

    /** Embeds one image (pixels in memory, else its file). */
    public float[] encodeImage(ItemContent.Image im) {
        if (im.pixels() != null) {
            return encodePixels(im.pixels(), im.width(), im.height(), im.channels());
        }
        try {
            return encodeBytes(Files.readAllBytes(Path.of(im.path())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + im.path(), e);
        }
    }

    /**
     * Embeds an encoded image (PNG, JPEG, ... whatever {@code javax.imageio} reads).
     *
     * @throws IllegalArgumentException when the bytes are not an image ImageIO can decode
     */
    public float[] encodeBytes(byte[] encoded) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode image (" + encoded.length + " bytes): " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException("not an image format javax.imageio reads (" + encoded.length + " bytes)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int o = (y * w + x) * 3;
                px[o] = (byte) (rgb >> 16);
                px[o + 1] = (byte) (rgb >> 8);
                px[o + 2] = (byte) rgb;
            }
        }
        return encodePixels(px, w, h, 3);
    }

    /** Embeds interleaved 8-bit pixels ({@code channels} = 1, 3 or 4). */
    public float[] encodePixels(byte[] pixels, int width, int height, int channels) {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("images need 1, 3 or 4 channels, got " + channels);
        }
        if (width < 1 || height < 1 || pixels.length != width * height * channels) {
            throw new IllegalArgumentException("pixels length " + pixels.length + " != " + width + "x" + height + "x" + channels);
        }
        if (mode == Mode.GREY || channels == 1) {
            float[] grey = new float[width * height];
            for (int i = 0; i < grey.length; i++) {
                int o = i * channels;
                grey[i] = channels == 1 ? pixels[o] & 0xFF
                        : 0.299f * (pixels[o] & 0xFF) + 0.587f * (pixels[o + 1] & 0xFF) + 0.114f * (pixels[o + 2] & 0xFF);
            }
            float[] e = cnn.embed(toInput(grey, width, height));
            if (mode == Mode.GREY) {
                return e;
            }
            float[] out = new float[3 * e.length];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(e, 0, out, c * e.length, e.length);
            }
            return out;
        }
        float[] out = new float[3 * ImageCnn.EMBED_DIM];
        float[] plane = new float[width * height];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = pixels[i * channels + c] & 0xFF;
            }
            System.arraycopy(cnn.embed(toInput(plane, width, height)), 0, out, c * ImageCnn.EMBED_DIM, ImageCnn.EMBED_DIM);
        }
        return out;
    }

    /** Bilinear resize of a grey 0..255 plane to 28×28, then normalisation. */
    static float[] toInput(float[] grey, int w, int h) {
        int s = ImageCnn.SIZE;
        float[] out = new float[s * s];
        for (int y = 0; y < s; y++) {
            // Pixel-centre alignment (as PIL and OpenCV do): output centre maps to input centre.
            double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / s - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < s; x++) {
                double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / s - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                double v = (1 - fy) * ((1 - fx) * grey[y0 * w + x0] + fx * grey[y0 * w + x1])
                        + fy * ((1 - fx) * grey[y1 * w + x0] + fx * grey[y1 * w + x1]);
                out[y * s + x] = ImageCnn.normalise((float) v);
            }
        }
        return out;
    }
}
