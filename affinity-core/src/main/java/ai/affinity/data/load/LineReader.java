package ai.affinity.data.load;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text file line by line from bytes, counting lines. Accepts {@code \n} and {@code \r\n}
 * endings and a UTF-8 byte-order mark. Pure-ASCII lines (nearly all lines of these data sets) are
 * decoded with no charset work. Not thread-safe.
 */
final class LineReader implements Closeable {
    /** How non-ASCII bytes are decoded. */
    enum Encoding {
        /** ISO-8859-1: every byte is one character (MovieLens 100K and 1M). */
        LATIN1,
        /**
         * UTF-8; a line that is not valid UTF-8 is decoded as ISO-8859-1 instead, since several
         * public data sets mix the two (hetrec tag files).
         */
        UTF8
    }

    private final InputStream in;
    private final Encoding encoding;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private byte[] acc = new byte[256];
    private long lineNumber;

    LineReader(Path file, Encoding encoding) throws IOException {
        this.in = Files.newInputStream(file);
        this.encoding = encoding;
    }

    /** 1-based number of the line last returned (0 before the first). */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its ending, or null at the end of the file. */
    String next() throws IOException {
        int accLength = 0;
        boolean any = false;
        boolean high = false;
        while (true) {
            if (pos >= limit) {
                if (eof || !fill()) {
                    break;
                }
            }
            any = true;
            int start = pos;
            int p = pos;
            byte[] b = buf;
            int lim = limit;
            while (p < lim && b[p] != '\n') {
                high |= b[p] < 0;
                p++;
            }
            if (p < lim) {
                pos = p + 1;
                if (accLength == 0) {
                    return decode(b, start, p - start, high);
                }
                accLength = append(accLength, b, start, p - start);
                return decode(acc, 0, accLength, high);
            }
            accLength = append(accLength, b, start, p - start);
            pos = lim;
        }
        if (!any) {
            return null;
        }
        return decode(acc, 0, accLength, high);
    }

    private boolean fill() throws IOException {
        int n = in.read(buf);
        if (n <= 0) {
            eof = true;
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private int append(int accLength, byte[] b, int off, int len) {
        if (accLength + len > acc.length) {
            acc = Arrays.copyOf(acc, Math.max(acc.length * 2, accLength + len));
        }
        System.arraycopy(b, off, acc, accLength, len);
        return accLength + len;
    }

    private String decode(byte[] b, int off, int len, boolean high) {
        lineNumber++;
        if (len > 0 && b[off + len - 1] == '\r') {
            len--;
        }
        if (lineNumber == 1 && len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB
                && b[off + 2] == (byte) 0xBF) {
            off += 3;
            len -= 3;
        }
        if (!high || encoding == Encoding.LATIN1) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
