package ai.affinity.model.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads what {@link ModelWriter} wrote; lengths are checked so a corrupt file fails clearly. */
public final class ModelReader {
    private static final int CHUNK = 1 << 16;
    private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;
    private final DataInputStream in;
    private final String source;
    private final byte[] bytes = new byte[CHUNK];

    ModelReader(InputStream in, String source) {
        this.in = new DataInputStream(in);
        this.source = source;
    }

    public int readInt() throws IOException {
        return in.readInt();
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public float readFloat() throws IOException {
        return in.readFloat();
    }

    public double readDouble() throws IOException {
        return in.readDouble();
    }

    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    public String readString() throws IOException {
        int n = length(1);
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public Map<String, String> readStringMap() throws IOException {
        int n = length(1);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readString(), readString());
        }
        return m;
    }

    public float[] readFloats() throws IOException {
        float[] a = new float[length(4)];
        int i = 0;
        while (i < a.length) {
            int n = Math.min(a.length - i, CHUNK / 4);
            in.readFully(bytes, 0, n * 4);
            ByteBuffer.wrap(bytes, 0, n * 4).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(a, i, n);
            i += n;
        }
        return a;
    }

    public double[] readDoubles() throws IOException {
        double[] a = new double[length(8)];
        int i = 0;
        while (i < a.length) {
            int n = Math.min(a.length - i, CHUNK / 8);
            in.readFully(bytes, 0, n * 8);
            ByteBuffer.wrap(bytes, 0, n * 8).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer().get(a, i, n);
            i += n;
        }
        return a;
    }

    public int[] readInts() throws IOException {
        int[] a = new int[length(4)];
        int i = 0;
        while (i < a.length) {
            int n = Math.min(a.length - i, CHUNK / 4);
            in.readFully(bytes, 0, n * 4);
            ByteBuffer.wrap(bytes, 0, n * 4).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(a, i, n);
            i += n;
        }
        return a;
    }

    /** Reads a matrix written by {@link ModelWriter#writeMatrix}; checks it is {@code rows × cols}. */
    public float[] readMatrix(int rows, int cols) throws IOException {
        int r = in.readInt();
        int c = in.readInt();
        if (r != rows || c != cols) {
            throw new IOException(source + ": expected a " + rows + "x" + cols + " matrix, found " + r + "x" + c);
        }
        float[] a = readFloats();
        if ((long) r * c != a.length) {
            throw new IOException(source + ": matrix " + r + "x" + c + " holds " + a.length + " values");
        }
        return a;
    }

    private int length(int elementBytes) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * elementBytes > MAX_LENGTH) {
            throw new IOException(source + ": corrupt length " + n);
        }
        return n;
    }
}
