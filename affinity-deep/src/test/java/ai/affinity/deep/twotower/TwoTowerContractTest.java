package ai.affinity.deep.twotower;

import ai.affinity.deep.DeepModels;
import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/** The model contract on the block-diagonal fixture, with small towers sized for 24 items. */
class TwoTowerContractTest extends ModelContractTest {
    @BeforeAll
    static void registerKinds() {
        DeepModels.register();
    }

    @Override
    protected Algorithm<?> algorithm() {
        return small("mean");
    }

    /** Small towers for the fixture: 16-wide, 30 epochs of 32 events at lr 0.01. */
    static TwoTower small(String pooling) {
        return new TwoTower(16, 16, 4, 32, pooling, 0.1, true, 0.1, 0.2, 0.2, 10, 10, 1, 30, 32, 1e-2, 0, 0, List.of());
    }
}
