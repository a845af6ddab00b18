package ai.affinity.deep.ncf;

import ai.affinity.deep.DeepModels;
import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * NeuMF on the block-diagonal fixture: a small network learns each user's block in a second;
 * unknown users are folded in from their history (user vectors fitted with the network frozen).
 */
class NeuMfContractTest extends ModelContractTest {
    @BeforeAll
    static void registerKinds() {
        DeepModels.register();
    }

    @Override
    protected Algorithm<?> algorithm() {
        return new NeuMf("neumf", 8, new int[] {16, 8}, 4, "uniform", 20, 64, 2e-2, 0, false, 0.5, 0.1, 0);
    }
}
