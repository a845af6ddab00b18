package ai.affinity.deep.content.audio;

import ai.affinity.data.DataFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFF/WAVE reader for PCM clips: 8-bit (unsigned) or 16-bit (signed little-endian) samples, any
 * number of channels averaged to mono, samples scaled to [-1, 1]. Unknown chunks (LIST, fact, ...)
 * are skipped; a data chunk shorter than its header says is read as far as it goes. Anything
 * else (compressed formats, float, 24/32-bit, a missing fmt or data chunk) is refused with a
 * {@link DataFormatException} that names the source, the field and what was expected.
 */
public final class Wav {
    private Wav() {
    }

    /** A decoded clip: mono samples in [-1, 1] at {@code sampleRate} Hz. */
    public record Clip(int sampleRate, float[] samples) {
    }

    public static Clip read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * @param name named in error messages
     * @throws DataFormatException for anything but PCM 8/16-bit WAVE
     */
    public static Clip decode(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw new DataFormatException(name, 0, "header", "a RIFF/WAVE file (bytes 0-3 'RIFF', 8-11 'WAVE')");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= bytes.length) {
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (size < 0 || body + (long) size > bytes.length) {
                size = bytes.length - body;
            }
            if (tag(b, pos, "fmt ")) {
                if (size < 16) {
                    throw new DataFormatException(name, 0, "fmt", "a chunk of >= 16 bytes; got " + size);
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == 0xFFFE && size >= 26) {
                    format = b.getShort(body + 24) & 0xFFFF; // WAVE_FORMAT_EXTENSIBLE: sub-format GUID starts with the code
                }
                if (format != 1) {
                    throw new DataFormatException(name, 0, "fmt.audioFormat", "1 (PCM); got " + format
                            + (format == 3 ? " (IEEE float)" : format == 6 || format == 7 ? " (A-law/mu-law)" : ""));
                }
                if (bits != 8 && bits != 16) {
                    throw new DataFormatException(name, 0, "fmt.bitsPerSample", "8 or 16; got " + bits);
                }
                if (channels < 1) {
                    throw new DataFormatException(name, 0, "fmt.numChannels", ">= 1; got " + channels);
                }
                if (rate < 1) {
                    throw new DataFormatException(name, 0, "fmt.sampleRate", ">= 1; got " + rate);
                }
            } else if (tag(b, pos, "data")) {
                if (format < 0) {
                    throw new DataFormatException(name, 0, "data", "the fmt chunk before the data chunk");
                }
                return new Clip(rate, samples(b, body, size, channels, bits));
            }
            pos = body + size + (size & 1); // chunks are padded to even sizes
        }
        throw new DataFormatException(name, 0, format < 0 ? "fmt" : "data", "a " + (format < 0 ? "fmt" : "data")
                + " chunk; the file has none");
    }

    private static float[] samples(ByteBuffer b, int off, int size, int channels, int bits) {
        int bytes = bits / 8;
        int frames = size / (bytes * channels);
        float[] out = new float[frames];
        int p = off;
        for (int f = 0; f < frames; f++) {
            float s = 0;
            for (int c = 0; c < channels; c++) {
                s += bits == 8 ? ((b.get(p) & 0xFF) - 128) / 128f : b.getShort(p) / 32768f;
                p += bytes;
            }
            out[f] = s / channels;
        }
        return out;
    }

    private static boolean tag(ByteBuffer b, int pos, String t) {
        for (int i = 0; i < 4; i++) {
            if (b.get(pos + i) != t.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Encodes mono 16-bit PCM WAVE bytes (for tests and fixtures); samples are clamped to [-1, 1]. */
    public static byte[] encodePcm16(float[] samples, int sampleRate, int channels) {
        int dataBytes = samples.length * 2 * channels;
        ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        buf.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        buf.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float s : samples) {
            short v = (short) Math.round(Math.max(-1f, Math.min(1f, s)) * 32767f);
            for (int c = 0; c < channels; c++) {
                buf.putShort(v);
            }
        }
        return buf.array();
    }
}
