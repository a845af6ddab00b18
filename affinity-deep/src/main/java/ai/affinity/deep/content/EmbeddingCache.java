package ai.affinity.deep.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Content embeddings on disk, one small binary file per (encoder, content) pair:
 * {@code ROOT/ENCODER_NAME/ab/abcdef....vec}, where the file name is the SHA-256 of the item's
 * {@link ContentEncoder#contentKey}. So a changed title or picture is a new entry, an unchanged
 * item is found again across runs and data sets, and an encoder version bump starts afresh.
 *
 * <p>File format (little-endian): magic {@code "AFEV"}, format version int (1), dim int, dim
 * float32 values, CRC32 of everything before it as an int. Writes go to a temporary file in the
 * same folder, then an atomic rename, so readers never see half a file. A file that is short, has
 * the wrong magic, version, dimension or checksum, or holds non-finite values counts as a miss
 * (and is counted in {@link #corrupt()}); the caller recomputes and overwrites it.
 *
 * <p>Thread-safe: concurrent writers of the same key race to rename equal content.
 */
public final class EmbeddingCache {
    private static final int MAGIC = 0x56454641; // "AFEV" read as a little-endian int
    private static final int VERSION = 1;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]+");

    private final Path root;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    public EmbeddingCache(Path root) {
        this.root = root;
    }

    /** The default location, {@code ~/.cache/affinity/embeddings}, or {@code $AFFINITY_CACHE/embeddings}. */
    public static EmbeddingCache defaultCache() {
        String env = System.getenv("AFFINITY_CACHE");
        Path base = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "affinity");
        return new EmbeddingCache(base.resolve("embeddings"));
    }

    public Path root() {
        return root;
    }

    /** SHA-256 of {@code contentKey}, as 64 hex digits. */
    public static String hash(byte[] contentKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(contentKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** Where the entry of {@code encoderName} and content hash {@code hash} lives. */
    public Path path(String encoderName, String hash) {
        if (!NAME.matcher(encoderName).matches()) {
            throw new IllegalArgumentException("encoder name '" + encoderName + "' must match " + NAME.pattern());
        }
        return root.resolve(encoderName).resolve(hash.substring(0, 2)).resolve(hash + ".vec");
    }

    /**
     * The stored vector, or null when absent or corrupt (wrong magic, version, length, dimension,
     * checksum, or non-finite values).
     */
    public float[] get(String encoderName, String hash, int dim) {
        Path p = path(encoderName, hash);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedding cache entry " + p, e);
        }
        float[] v = decode(bytes, dim);
        if (v == null) {
            corrupt.incrementAndGet();
            misses.incrementAndGet();
            return null;
        }
        hits.incrementAndGet();
        return v;
    }

    /** Stores {@code vector} atomically (temporary file, then rename), replacing any entry. */
    public void put(String encoderName, String hash, float[] vector) {
        Path p = path(encoderName, hash);
        try {
            Files.createDirectories(p.getParent());
            Path tmp = Files.createTempFile(p.getParent(), hash.substring(0, 8), ".tmp");
            try {
                Files.write(tmp, encode(vector));
                try {
                    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache entry " + p, e);
        }
    }

    static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * v.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(v.length);
        for (float x : v) {
            b.putFloat(x);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static float[] decode(byte[] bytes, int dim) {
        if (bytes.length != 12 + 4 * dim + 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC || b.getInt() != VERSION || b.getInt() != dim) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if (b.getInt(bytes.length - 4) != (int) crc.getValue()) {
            return null;
        }
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = b.getFloat();
            if (!Float.isFinite(v[i])) {
                return null;
            }
        }
        return v;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** Entries found but rejected as corrupt since this cache object was made. */
    public long corrupt() {
        return corrupt.get();
    }

    /** Bytes of a UTF-8 string, for {@link ContentEncoder#contentKey} implementations. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
