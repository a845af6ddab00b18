package ai.affinity.deep.hybrid;

import ai.affinity.deep.DeepModels;
import ai.affinity.deep.content.EmbeddingCache;
import ai.affinity.deep.twotower.TwoTower;
import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** The model contract on the block-diagonal fixture: n-gram text + attributes, small towers. */
class HybridContractTest extends ModelContractTest {
    @TempDir
    static Path cacheDir;

    @BeforeAll
    static void registerKinds() {
        DeepModels.register();
    }

    @Override
    protected Algorithm<?> algorithm() {
        return small("ngram").withCache(new EmbeddingCache(cacheDir));
    }

    /** Small towers for the 24-item fixture (16-wide, 30 epochs of 32 events, lr 0.01), id dropout 0.5. */
    static Hybrid small(String text) {
        TwoTower t = new TwoTower(16, 16, 4, 32, "mean", 0.1, true, 0.5, 0.2, 0.2, 10, 10, 1, 30, 32, 1e-2, 0, 0,
                List.of());
        return new Hybrid(text, "none", "none", true, true, t, null);
    }
}
