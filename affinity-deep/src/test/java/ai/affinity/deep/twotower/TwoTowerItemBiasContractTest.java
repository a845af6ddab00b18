package ai.affinity.deep.twotower;

import ai.affinity.deep.DeepModels;
import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/** The model contract (save/load included) with the learned item bias, length scale and short-history training on. */
class TwoTowerItemBiasContractTest extends ModelContractTest {
    @BeforeAll
    static void registerKinds() {
        DeepModels.register();
    }

    @Override
    protected Algorithm<?> algorithm() {
        return withBias();
    }

    /** {@link TwoTowerContractTest#small} with {@code item_bias=true, short_history=0.5, length_scale=true}. */
    static TwoTower withBias() {
        return new TwoTower(16, 16, 4, 32, "mean", 0.1, true, 0.1, 0.2, 0.2, 10, 10, 1, 30, 32, 1e-2, 0, 0, List.of(),
                true, 0.5, true);
    }
}
