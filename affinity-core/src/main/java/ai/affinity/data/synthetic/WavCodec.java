package ai.affinity.data.synthetic;

import ai.affinity.data.DataFormatException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Minimal RIFF/WAVE codec. Writes 16-bit PCM mono; reads PCM 8/16-bit and 32-bit float, any number
 * of channels (averaged to mono), skipping chunks it does not know (LIST, fact, ...).
 */
final class WavCodec {
    private WavCodec() {
    }

    /** Writes {@code samples} (clamped to [-1, 1]) as 16-bit PCM mono at {@code sampleRate}. */
    static void write(Path file, float[] samples, int sampleRate) throws IOException {
        int dataBytes = samples.length * 2;
        ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        buf.put(new byte[] {'f', 'm', 't', ' '}).putInt(16)
                .putShort((short) 1)            // PCM
                .putShort((short) 1)            // mono
                .putInt(sampleRate)
                .putInt(sampleRate * 2)         // byte rate
                .putShort((short) 2)            // block align
                .putShort((short) 16);          // bits per sample
        buf.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float s : samples) {
            float c = Math.max(-1f, Math.min(1f, s));
            buf.putShort((short) Math.round(c * 32767f));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buf.array());
        }
    }

    /** Decoded clip: samples in [-1, 1] and the sample rate. */
    record Clip(int sampleRate, float[] samples) {
    }

    static Clip read(Path file) throws IOException {
        String name = file.toString();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw new DataFormatException(name, 0, null, "not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= b.limit()) {
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (size < 0 || body + (long) size > b.limit()) {
                // A truncated data chunk is common in streamed files: read what is there.
                size = b.limit() - body;
            }
            if (tag(b, pos, "fmt ")) {
                if (size < 16) {
                    throw new DataFormatException(name, 0, "fmt", "chunk of " + size + " bytes, expected >= 16");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
            } else if (tag(b, pos, "data")) {
                if (format < 0) {
                    throw new DataFormatException(name, 0, "data", "data chunk before the fmt chunk");
                }
                return new Clip(rate, decode(name, b, body, size, format, channels, bits));
            }
            pos = body + size + (size & 1); // chunks are padded to even sizes
        }
        throw new DataFormatException(name, 0, "data", "no data chunk");
    }

    private static float[] decode(String name, ByteBuffer b, int off, int size, int format, int channels, int bits) {
        if (channels < 1) {
            throw new DataFormatException(name, 0, "fmt", "channel count " + channels);
        }
        boolean pcm = format == 1 && (bits == 8 || bits == 16);
        boolean flt = format == 3 && bits == 32;
        if (!pcm && !flt) {
            throw new DataFormatException(name, 0, "fmt", "format " + format + " with " + bits
                    + " bits per sample; expected PCM 8/16-bit or 32-bit float");
        }
        int bytes = bits / 8;
        int frames = size / (bytes * channels);
        float[] out = new float[frames];
        int p = off;
        for (int f = 0; f < frames; f++) {
            float s = 0;
            for (int c = 0; c < channels; c++) {
                if (bits == 8) {
                    s += ((b.get(p) & 0xFF) - 128) / 128f; // 8-bit WAV is unsigned
                } else if (bits == 16) {
                    s += b.getShort(p) / 32767f;
                } else {
                    s += b.getFloat(p);
                }
                p += bytes;
            }
            out[f] = Math.max(-1f, Math.min(1f, s / channels));
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
}
