package ai.affinity.model.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes primitive values and arrays in big-endian order; arrays are length-prefixed and written in
 * bulk through a byte buffer (no per-element stream calls).
 */
public final class ModelWriter {
    private static final int CHUNK = 1 << 16;
    private final DataOutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.BIG_ENDIAN);

    ModelWriter(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    public void writeInt(int v) throws IOException {
        out.writeInt(v);
    }

    public void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    public void writeFloat(float v) throws IOException {
        out.writeFloat(v);
    }

    public void writeDouble(double v) throws IOException {
        out.writeDouble(v);
    }

    public void writeBoolean(boolean v) throws IOException {
        out.writeBoolean(v);
    }

    /** UTF-8, length-prefixed (no 64 KB limit, unlike writeUTF). */
    public void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** String keys and string values (e.g. hyperparameters for display). */
    public void writeStringMap(Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            writeString(e.getKey());
            writeString(e.getValue());
        }
    }

    public void writeFloats(float[] a) throws IOException {
        out.writeInt(a.length);
        int i = 0;
        while (i < a.length) {
            buffer.clear();
            int n = Math.min(a.length - i, CHUNK / 4);
            buffer.asFloatBuffer().put(a, i, n);
            out.write(buffer.array(), 0, n * 4);
            i += n;
        }
    }

    public void writeDoubles(double[] a) throws IOException {
        out.writeInt(a.length);
        int i = 0;
        while (i < a.length) {
            buffer.clear();
            int n = Math.min(a.length - i, CHUNK / 8);
            buffer.asDoubleBuffer().put(a, i, n);
            out.write(buffer.array(), 0, n * 8);
            i += n;
        }
    }

    public void writeInts(int[] a) throws IOException {
        out.writeInt(a.length);
        int i = 0;
        while (i < a.length) {
            buffer.clear();
            int n = Math.min(a.length - i, CHUNK / 4);
            buffer.asIntBuffer().put(a, i, n);
            out.write(buffer.array(), 0, n * 4);
            i += n;
        }
    }

    /** A rows × cols matrix stored row-major in one float array. */
    public void writeMatrix(int rows, int cols, float[] rowMajor) throws IOException {
        if ((long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " does not match " + rowMajor.length + " values");
        }
        out.writeInt(rows);
        out.writeInt(cols);
        writeFloats(rowMajor);
    }

    void flush() throws IOException {
        out.flush();
    }
}
