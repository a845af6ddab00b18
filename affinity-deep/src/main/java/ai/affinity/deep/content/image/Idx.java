package ai.affinity.deep.content.image;

import ai.affinity.data.DataFormatException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of IDX files (the MNIST / Fashion-MNIST format: two zero bytes, a type byte, a rank byte,
 * big-endian int dimensions, then the values row-major), plain or gzip-compressed (detected by the
 * gzip magic, not the file name). Only unsigned-byte data (type 0x08), which is what those data
 * sets use.
 */
public final class Idx {
    private Idx() {
    }

    /**
     * Unsigned-byte tensor read from an IDX file.
     *
     * @param dims the dimensions, e.g. {@code [60000, 28, 28]} for images, {@code [60000]} for labels
     * @param data the values, row-major (read as {@code b & 0xFF})
     */
    public record Tensor(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }

        /** Values per record (28*28 for images, 1 for labels). */
        public int recordSize() {
            int n = 1;
            for (int i = 1; i < dims.length; i++) {
                n *= dims[i];
            }
            return n;
        }
    }

    public static Tensor read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(in, file.toString());
        }
    }

    /**
     * @param name named in error messages
     * @throws DataFormatException on a bad header, an unsupported type, or fewer values than the header promises
     */
    public static Tensor read(InputStream input, String name) throws IOException {
        DataInputStream in = new DataInputStream(input);
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(name, 0, "magic", "an IDX header of 4 bytes; got a shorter file");
        }
        if ((magic >>> 16) != 0) {
            throw new DataFormatException(name, 0, "magic", "two zero bytes then type and rank; got 0x"
                    + Integer.toHexString(magic));
        }
        int type = (magic >>> 8) & 0xFF;
        int rank = magic & 0xFF;
        if (type != 0x08) {
            throw new DataFormatException(name, 0, "type", "0x08 (unsigned byte); got 0x" + Integer.toHexString(type));
        }
        if (rank < 1 || rank > 4) {
            throw new DataFormatException(name, 0, "rank", "1..4; got " + rank);
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new DataFormatException(name, 0, "dimension " + i, "a non-negative size; got " + dims[i]);
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(name, 0, "dimensions", "at most 2^31 values; got " + total);
        }
        byte[] data = new byte[(int) total];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw new DataFormatException(name, 0, "data", total + " values as the header says; the file ends early");
        }
        return new Tensor(dims, data);
    }
}
