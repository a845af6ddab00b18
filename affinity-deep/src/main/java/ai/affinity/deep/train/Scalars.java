package ai.affinity.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Array-with-constant arithmetic that is safe inside a graph that is differentiated. Use these
 * instead of DJL's {@code x.mul(Number)}, {@code div(Number)}, {@code maximum(Number)},
 * {@code minimum(Number)} and {@code pow(Number)} in any forward pass.
 *
 * <p>Why: DJL's PyTorch engine turns the number into a 0-d tensor over a Java direct buffer
 * ({@code torch::from_blob}, memory owned by the JVM, not by PyTorch) and closes that array right
 * after the op. Autograd keeps the tensor for the backward pass of these five ops (the gradient of
 * {@code x·c} is {@code c·g}; of {@code max(x, c)} it compares x with c), but nothing keeps the
 * buffer: once the garbage collector and its cleaner have run, the backward pass reads freed memory
 * and the gradients are scaled by garbage (near zero, huge or NaN). Whether that happens in a step
 * depends on when the collector runs, so same-seed fits differed between runs and between fits in
 * one JVM, and about one in ten diverged to NaN (MovieLens 100K hybrid, twotower, SASRec).
 * ({@code add}/{@code sub} of a number are safe: their backward pass does not read it.)
 *
 * <p>Here the constant is a 0-d tensor allocated by PyTorch ({@code full}), so autograd's reference
 * keeps it alive however early the Java array is closed; values are bit-identical to DJL's op
 * (the float constant is the same 0-d operand).
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code x · c}. */
    public static NDArray mul(NDArray x, double c) {
        try (NDArray s = scalar(x, c)) {
            return x.mul(s);
        }
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        try (NDArray s = scalar(x, c)) {
            return x.div(s);
        }
    }

    /** Element-wise {@code max(x, c)}. */
    public static NDArray maximum(NDArray x, double c) {
        try (NDArray s = scalar(x, c)) {
            return x.maximum(s);
        }
    }

    /** A 0-d tensor of x's type holding c, in memory owned by PyTorch. */
    private static NDArray scalar(NDArray x, double c) {
        return x.getManager().full(new Shape(), (float) c, x.getDataType());
    }
}
