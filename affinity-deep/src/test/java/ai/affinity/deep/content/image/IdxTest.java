package ai.affinity.deep.content.image;

import ai.affinity.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IDX reader on hand-made files: two 2×3 images, plain and gzipped, and broken ones. */
class IdxTest {
    private static final byte[] TINY = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
            1, 2, 3, 4, 5, 6, (byte) 200, (byte) 255, 0, 9, 8, 7};

    @Test
    void readsPlainAndGzipped(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("images-idx3-ubyte");
        Files.write(plain, TINY);
        Path gz = dir.resolve("images.bin"); // gzip found by its magic, not the name
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(TINY);
        }
        for (Path p : new Path[] {plain, gz}) {
            Idx.Tensor t = Idx.read(p);
            assertArrayEquals(new int[] {2, 2, 3}, t.dims());
            assertEquals(2, t.count());
            assertEquals(6, t.recordSize());
            assertEquals(255, t.data()[7] & 0xFF);
            assertEquals(7, t.data()[11]);
        }
    }

    @Test
    void rejectsBadHeadersAndShortData(@TempDir Path dir) throws Exception {
        Path shortFile = dir.resolve("short");
        Files.write(shortFile, java.util.Arrays.copyOf(TINY, 20));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(shortFile));
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        byte[] floats = TINY.clone();
        floats[2] = 0x0D;
        Path f = dir.resolve("floats");
        Files.write(f, floats);
        e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("0x08"), e.getMessage());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {1, 2, 8, 1});
        Path bad = dir.resolve("bad");
        Files.write(bad, b.toByteArray());
        assertThrows(DataFormatException.class, () -> Idx.read(bad));
    }
}
