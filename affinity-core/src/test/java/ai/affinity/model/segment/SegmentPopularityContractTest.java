package ai.affinity.model.segment;

import ai.affinity.model.Algorithm;
import ai.affinity.model.ModelContractTest;

import java.util.Map;

/**
 * The shared contract for segment popularity segmented by the fixture's user attribute
 * {@code segment} (one segment per block). It learns preferences: a known user's segment holds only
 * their block's items. It also folds in new users: a query without features falls back to the
 * categories ({@code genre}) of its history, and the fixture's genre is the block, so a new user
 * with three items of a block gets that block's most popular items first.
 */
class SegmentPopularityContractTest extends ModelContractTest {
    @Override
    protected Algorithm<?> algorithm() {
        return SegmentPopularity.fromParams(Map.of("by", "user:segment", "shrink", "10"));
    }

    @Override
    protected boolean foldsInHistory() {
        return true;
    }

    /**
     * Segmented by the history's genres instead of user attributes. The shrink is in pseudo-events,
     * so it is scaled down to the fixture's ~170 events (the ml-100k default would swamp it).
     */
    static final class ByItemGenre extends ModelContractTest {
        @Override
        protected Algorithm<?> algorithm() {
            return SegmentPopularity.fromParams(Map.of("by", "item:genre", "shrink", "10"));
        }
    }
}
