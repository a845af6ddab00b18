package ai.affinity.deep;

import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.tune.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every deep model's tuning search space only proposes valid configurations (what {@code affinity
 * tune} samples is accepted by the model's parameter checks), and each searched parameter is a real
 * parameter whose value reaches the built model.
 */
class DeepSearchSpacesTest {
    @Test
    void sampledConfigurationsAreValid() {
        DeepModels.register();
        for (String name : new String[] {"multvae", "sasrec", "neumf"}) {
            SearchSpace space = AlgorithmRegistry.searchSpace(name);
            assertFalse(space.isEmpty(), name + " has no search space");
            SplittableRandom rng = new SplittableRandom(42);
            for (int s = 0; s < 300; s++) {
                Map<String, String> config = space.sample(rng);
                Algorithm<?> a = assertDoesNotThrow(() -> AlgorithmRegistry.create(name, config), name + " " + config);
                for (Map.Entry<String, String> e : config.entrySet()) {
                    Object built = a.params().get(e.getKey());
                    assertEquals(Double.parseDouble(numeric(e.getValue())), Double.parseDouble(numeric(String.valueOf(built))),
                            1e-9, name + " parameter " + e.getKey() + " of " + config);
                }
            }
        }
    }

    /** Booleans and words compare as their hash, numbers as themselves. */
    private static String numeric(String v) {
        try {
            Double.parseDouble(v);
            return v;
        } catch (NumberFormatException e) {
            return String.valueOf(v.hashCode());
        }
    }
}
