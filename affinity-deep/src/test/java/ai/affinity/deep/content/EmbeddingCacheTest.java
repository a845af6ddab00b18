package ai.affinity.deep.content;

import ai.affinity.data.ItemContent;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EmbeddingCacheTest {
    /** Encodes the title length; counts the items it was asked to encode. */
    static final class CountingEncoder implements ContentEncoder {
        final AtomicInteger encoded = new AtomicInteger();

        @Override
        public String name() {
            return "title-length@1";
        }

        @Override
        public int dim() {
            return 2;
        }

        @Override
        public boolean supports(ItemContent item) {
            return !item.title().isEmpty();
        }

        @Override
        public byte[] contentKey(ItemContent item) {
            return EmbeddingCache.utf8(item.title());
        }

        @Override
        public float[][] encode(List<ItemContent> items, Progress p) {
            encoded.addAndGet(items.size());
            float[][] out = new float[items.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[] {items.get(i).title().length(), 1};
            }
            return out;
        }
    }

    @Test
    void roundTripAndCorruptEntriesAreRecomputed(@TempDir Path dir) throws Exception {
        EmbeddingCache cache = new EmbeddingCache(dir);
        String h = EmbeddingCache.hash(EmbeddingCache.utf8("abc"));
        assertNull(cache.get("enc@1", h, 3));
        cache.put("enc@1", h, new float[] {1, 2, 3});
        assertArrayEquals(new float[] {1, 2, 3}, cache.get("enc@1", h, 3));
        assertNull(cache.get("enc@1", h, 4), "wrong dimension is a miss");
        Path file = cache.path("enc@1", h);
        byte[] bytes = Files.readAllBytes(file);
        bytes[14] ^= 0x40; // flip a bit in the first value: the CRC no longer matches
        Files.write(file, bytes);
        assertNull(cache.get("enc@1", h, 3));
        Files.write(file, java.util.Arrays.copyOf(bytes, 10)); // truncated
        assertNull(cache.get("enc@1", h, 3));
        assertEquals(3, cache.corrupt());
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void cachedEncoderEncodesOnlyMissesAndSkipsUnsupported(@TempDir Path dir) throws Exception {
        CountingEncoder inner = new CountingEncoder();
        CachedEncoder enc = new CachedEncoder(inner, new EmbeddingCache(dir));
        List<ItemContent> items = List.of(ItemContent.titled("ab"), ItemContent.titled("abcd"), ItemContent.empty());
        float[][] first = enc.encode(items, Progress.silent());
        assertEquals(2, inner.encoded.get());
        assertArrayEquals(new float[] {0, 0}, first[2]);
        float[][] second = enc.encode(List.of(ItemContent.titled("abcd"), ItemContent.titled("xyz")), Progress.silent());
        assertEquals(3, inner.encoded.get(), "only the new title is encoded");
        assertArrayEquals(first[1], second[0]);
        assertArrayEquals(new float[] {3, 1}, second[1]);
        // A corrupt entry is recomputed and rewritten.
        Path file = enc.cache().path(inner.name(), EmbeddingCache.hash(EmbeddingCache.utf8("ab")));
        Files.write(file, new byte[] {1, 2, 3});
        assertArrayEquals(new float[] {2, 1}, enc.encodeOne(ItemContent.titled("ab")));
        assertEquals(4, inner.encoded.get());
        assertArrayEquals(new float[] {2, 1}, enc.cache().get(inner.name(), EmbeddingCache.hash(EmbeddingCache.utf8("ab")), 2));
    }
}
