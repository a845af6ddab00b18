package ai.affinity.model.io;

import ai.affinity.model.Model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Saves and loads models in a versioned binary format (never Java serialization):
 * <pre>
 *   8 bytes  magic "AFFMODEL"
 *   int      container version (1)
 *   string   kind (e.g. "ease"), int payload version
 *   ...      the kind's payload ({@link SavableModel#writePayload})
 *   long     CRC32 of everything after the magic
 * </pre>
 * Decoders are registered explicitly by kind. Files are written to a temporary sibling and moved
 * into place, so a crash never leaves a half-written model under the real name.
 */
public final class ModelStore {
    private static final byte[] MAGIC = {'A', 'F', 'F', 'M', 'O', 'D', 'E', 'L'};
    private static final int CONTAINER_VERSION = 1;
    private static final Map<String, ModelDecoder> DECODERS = new TreeMap<>();

    static {
        ModelCodecs.registerBuiltIns();
    }

    private ModelStore() {
    }

    public static synchronized void register(String kind, ModelDecoder decoder) {
        DECODERS.put(kind, decoder);
    }

    public static synchronized List<String> kinds() {
        return List.copyOf(DECODERS.keySet());
    }

    public static void save(Model model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            write(model, os);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Model load(Path file) throws IOException {
        try (InputStream is = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(is, file.toString());
        }
    }

    /** In-memory round trip (tests, model hand-over between threads or processes). */
    public static byte[] toBytes(Model model) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        write(model, bos);
        return bos.toByteArray();
    }

    public static Model fromBytes(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes), "<bytes>");
    }

    private static void write(Model model, OutputStream os) throws IOException {
        if (!(model instanceof SavableModel savable)) {
            throw new IllegalArgumentException(model.getClass().getSimpleName() + " cannot be saved");
        }
        os.write(MAGIC);
        CRC32 crc = new CRC32();
        CheckedOutputStream checked = new CheckedOutputStream(os, crc);
        ModelWriter w = new ModelWriter(checked);
        w.writeInt(CONTAINER_VERSION);
        w.writeString(savable.kind());
        w.writeInt(savable.payloadVersion());
        savable.writePayload(w);
        w.flush();
        new DataOutputStream(os).writeLong(crc.getValue());
        os.flush();
    }

    private static Model read(InputStream is, String source) throws IOException {
        byte[] magic = is.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(source + ": not an Affinity model file (bad magic)");
        }
        CRC32 crc = new CRC32();
        CheckedInputStream checked = new CheckedInputStream(is, crc);
        ModelReader r = new ModelReader(checked, source);
        int container = r.readInt();
        if (container != CONTAINER_VERSION) {
            throw new IOException(source + ": model container version " + container + " is not supported (expected "
                    + CONTAINER_VERSION + ")");
        }
        String kind = r.readString();
        int version = r.readInt();
        ModelDecoder decoder;
        synchronized (ModelStore.class) {
            decoder = DECODERS.get(kind);
        }
        if (decoder == null) {
            throw new IOException(source + ": unknown model kind '" + kind + "'; known: " + String.join(", ", kinds()));
        }
        Model model = decoder.read(r, version);
        long expected = crc.getValue();
        long stored = new DataInputStream(is).readLong();
        if (stored != expected) {
            throw new IOException(source + ": checksum mismatch, the file is corrupt");
        }
        return model;
    }
}
