package ai.affinity.deep;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PyTorch engine loads from the Maven artifacts alone (ai.djl.offline=true) and computes. */
class EngineOfflineTest {
    @Test
    void pytorchEngineLoadsOfflineAndMultiplies() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        Engine engine = Engine.getEngine("PyTorch");
        assertEquals("PyTorch", engine.getEngineName());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = m.create(new float[] {1, 0, 0, 1}, new ai.djl.ndarray.types.Shape(2, 2));
            assertArrayEquals(new float[] {1, 2, 3, 4}, a.matMul(b).toFloatArray());
        }
    }
}
