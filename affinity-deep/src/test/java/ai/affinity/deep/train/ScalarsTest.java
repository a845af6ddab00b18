package ai.affinity.deep.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ScalarsTest {
    /**
     * y = Σ max(x·3/4, 0.5) for x = (−1, 1, 2): x·3/4 = (−0.75, 0.75, 1.5), max with 0.5 gives
     * (0.5, 0.75, 1.5): y = 2.75, and only the last two pass the gradient, dy/dx = (0, 0.75, 0.75).
     * The constants must survive a garbage collection (and reuse of freed native memory) between the
     * forward and the backward pass: the same graph with DJL's {@code x.mul(3f).div(4f).maximum(0.5f)}
     * got the gradient (0, ∞, ∞) here.
     */
    @Test
    void constantsSurviveACollectionBeforeTheBackwardPass() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.create(new float[] {-1f, 1f, 2f}, new Shape(3));
            x.setRequiresGradient(true);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray y = Scalars.maximum(Scalars.div(Scalars.mul(x, 3), 4), 0.5).sum();
                assertArrayEquals(new float[] {2.75f}, y.toFloatArray());
                GcStress.collectAndScribble();
                gc.backward(y);
            }
            assertArrayEquals(new float[] {0f, 0.75f, 0.75f}, x.getGradient().toFloatArray());
        }
    }
}
