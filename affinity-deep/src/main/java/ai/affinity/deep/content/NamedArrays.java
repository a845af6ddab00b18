package ai.affinity.deep.content;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Named float arrays with shapes: the shipped weights of the pretrained encoders. Versioned binary
 * format (big-endian): magic {@code "AFNA"}, format version 1, a free-form UTF header (what made
 * it), array count, then per array its UTF name, rank, dims and float32 values, and a CRC32 of all
 * bytes before it. Written atomically (temporary file, rename). Immutable.
 */
public final class NamedArrays {
    private static final int MAGIC = 0x41464E41; // "AFNA"
    private static final int VERSION = 1;

    private final String header;
    private final Map<String, float[]> values;
    private final Map<String, long[]> shapes;

    public NamedArrays(String header, Map<String, float[]> values, Map<String, long[]> shapes) {
        if (!values.keySet().equals(shapes.keySet())) {
            throw new IllegalArgumentException("names differ: " + values.keySet() + " vs " + shapes.keySet());
        }
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            long n = Arrays.stream(shapes.get(e.getKey())).reduce(1, (a, b) -> a * b);
            if (n != e.getValue().length) {
                throw new IllegalArgumentException("'" + e.getKey() + "' has " + e.getValue().length + " values, shape "
                        + Arrays.toString(shapes.get(e.getKey())));
            }
        }
        this.header = header;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
    }

    public String header() {
        return header;
    }

    /** The array (shared: do not modify). */
    public float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no array '" + name + "'; have " + values.keySet());
        }
        return v;
    }

    public long[] shape(String name) {
        get(name);
        return shapes.get(name).clone();
    }

    public java.util.Set<String> names() {
        return values.keySet();
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(header);
            out.writeInt(values.size());
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                out.writeUTF(e.getKey());
                long[] s = shapes.get(e.getKey());
                out.writeInt(s.length);
                for (long d : s) {
                    out.writeInt(Math.toIntExact(d));
                }
                ByteBuffer b = ByteBuffer.allocate(4 * e.getValue().length).order(ByteOrder.BIG_ENDIAN);
                b.asFloatBuffer().put(e.getValue());
                out.write(b.array());
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, toBytes());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads arrays written by {@link #toBytes}.
     *
     * @param source named in error messages (file or resource)
     * @throws IOException on a wrong magic or version, truncation, or a checksum mismatch
     */
    public static NamedArrays read(InputStream in, String source) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length < 12) {
            throw new IOException(source + ": " + all.length + " bytes, too short for weights");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 4);
        int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 4));
        try {
            int magic = d.readInt();
            if (magic != MAGIC) {
                throw new IOException(source + ": magic 0x" + Integer.toHexString(magic) + ", expected 0x"
                        + Integer.toHexString(MAGIC) + " (AFNA)");
            }
            int version = d.readInt();
            if (version != VERSION) {
                throw new IOException(source + ": format version " + version + ", expected " + VERSION);
            }
            if (stored != (int) crc.getValue()) {
                throw new IOException(source + ": checksum mismatch (file corrupt or truncated)");
            }
            String header = d.readUTF();
            int count = d.readInt();
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (int a = 0; a < count; a++) {
                String name = d.readUTF();
                int rank = d.readInt();
                long[] shape = new long[rank];
                long n = 1;
                for (int r = 0; r < rank; r++) {
                    shape[r] = d.readInt();
                    n *= shape[r];
                }
                byte[] raw = new byte[Math.toIntExact(4 * n)];
                d.readFully(raw);
                float[] v = new float[(int) n];
                ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
                values.put(name, v);
                shapes.put(name, shape);
            }
            return new NamedArrays(header, values, shapes);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated weights", e);
        }
    }
}
