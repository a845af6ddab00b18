package ai.affinity.deep.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Test support: runs a fit with a garbage collection between every batch's forward and backward
 * pass, after which small freed native chunks are refilled with NaN. A graph that still reads
 * memory owned by a Java direct buffer whose array was closed (DJL's {@code x.mul(2f)} makes the
 * scalar 2 such a buffer and closes it at once, while autograd keeps the tensor for the backward
 * pass) then computes NaN or garbage gradients instead of depending on when the collector runs.
 */
public final class GcStress {
    private GcStress() {
    }

    /** Collects garbage, gives the cleaner thread time to free direct buffers, then reuses small freed chunks. */
    public static void collectAndScribble() {
        System.gc();
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> scribbles = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 * (1 + i % 8)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(Float.NaN);
            }
            scribbles.add(b);
        }
        KEEP.set(scribbles); // alive until the next call, so the NaN stays in place through the backward pass
    }

    private static final ThreadLocal<List<ByteBuffer>> KEEP = new ThreadLocal<>();

    /** Runs {@code fit} with {@link #collectAndScribble()} before every backward pass. */
    public static <T> T during(Supplier<T> fit) {
        TrainingLoop.beforeBackward(GcStress::collectAndScribble);
        try {
            return fit.get();
        } finally {
            TrainingLoop.beforeBackward(null);
            KEEP.remove();
        }
    }
}
