package ai.affinity.deep.content.image;

import ai.affinity.data.ItemContent;
import ai.affinity.deep.content.NamedArrays;
import ai.affinity.deep.train.Weights;
import ai.affinity.util.Progress;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCnnTest {
    @Test
    void javaForwardMatchesDjlForward() {
        ImageCnn cnn = ImageCnn.init(7);
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[2 * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Weights w = cnn.toWeights(m);
            float[] djl = ImageCnn.embed(w, m.create(x, new Shape(2, 1, 28, 28))).toFloatArray();
            float[] second = cnn.embed(java.util.Arrays.copyOfRange(x, 784, 1568));
            assertArrayEquals(cnn.embed(java.util.Arrays.copyOf(x, 784)), java.util.Arrays.copyOf(djl, 64), 1e-4f);
            assertArrayEquals(second, java.util.Arrays.copyOfRange(djl, 64, 128), 1e-4f);
            float[] logits = ImageCnn.logits(w, m.create(second, new Shape(1, 64))).toFloatArray();
            assertArrayEquals(cnn.logits(second), logits, 1e-4f);
        }
    }

    @Test
    void weightsRoundTripAndCorruptionIsCaught() throws Exception {
        ImageCnn cnn = ImageCnn.init(3);
        byte[] bytes = cnn.params().toBytes();
        NamedArrays back = NamedArrays.read(new ByteArrayInputStream(bytes), "mem");
        assertArrayEquals(cnn.params().get("fc.w"), back.get("fc.w"));
        bytes[bytes.length / 2] ^= 1;
        assertThrows(java.io.IOException.class, () -> NamedArrays.read(new ByteArrayInputStream(bytes), "mem"));
    }

    @Test
    void shippedWeightsClassifyFashionMnist() throws Exception {
        Path dir = Path.of(System.getProperty("affinity.shared.data", "../shared/data"), "fashion-mnist");
        Assumptions.assumeTrue(Files.isDirectory(dir), "Fashion-MNIST not found at " + dir + "; skipping");
        ImageCnn cnn = ImageCnn.pretrained();
        double acc = FashionMnistPretrain.accuracy(cnn, FashionMnistPretrain.testSplit(dir), 1000);
        assertTrue(acc >= 0.85, "accuracy on the first 1000 test images " + acc);
    }

    @Test
    void encoderReadsPixelsAndPngAlike() throws Exception {
        ImageEncoder enc = ImageEncoder.pretrained();
        assertEquals(192, enc.dim());
        assertEquals(64, ImageEncoder.pretrained(ImageEncoder.Mode.GREY).dim());
        int w = 32;
        byte[] px = new byte[w * w * 3];
        BufferedImage img = new BufferedImage(w, w, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < w * w; i++) {
            int r = rng.nextInt(256);
            int g = rng.nextInt(256);
            int b = rng.nextInt(256);
            px[3 * i] = (byte) r;
            px[3 * i + 1] = (byte) g;
            px[3 * i + 2] = (byte) b;
            img.setRGB(i % w, i / w, (r << 16) | (g << 8) | b);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        float[] fromPixels = enc.encodePixels(px, w, w, 3);
        assertArrayEquals(fromPixels, enc.encodeBytes(png.toByteArray()), 1e-5f);
        ItemContent item = new ItemContent("", "", null, null, new ItemContent.Image(w, w, 3, px, null), null, 0);
        float[][] both = enc.encode(List.of(item, ItemContent.empty()), Progress.silent());
        assertArrayEquals(fromPixels, both[0], 1e-6f);
        assertArrayEquals(new float[192], both[1]);
        assertThrows(IllegalArgumentException.class, () -> enc.encodeBytes(new byte[] {1, 2, 3}));
    }
}
