package ai.affinity.deep.vae;

import ai.affinity.deep.DeepModels;
import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;
import org.junit.jupiter.api.BeforeAll;

/** The model contract on the block-diagonal fixture, with a network sized for 24 items. */
class MultVaeContractTest extends ModelContractTest {
    @BeforeAll
    static void registerKinds() {
        DeepModels.register();
    }

    @Override
    protected Algorithm<?> algorithm() {
        return new MultVae(32, 8, 60, 16, 1e-2, 0.5, 0.2, 50, 0, 0);
    }
}
