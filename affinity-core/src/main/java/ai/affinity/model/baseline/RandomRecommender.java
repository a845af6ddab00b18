package ai.affinity.model.baseline;

import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;

import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random scores, reproducible: each query's scores come from a generator seeded by the fit seed
 * and the user (or the history's items for unknown users), so the same query gets the same list.
 */
public final class RandomRecommender implements Algorithm<RandomRecommender.RandomModel> {
    public static final String KIND = "random";

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Map<String, Object> params() {
        return Map.of();
    }

    @Override
    public RandomModel fit(TrainingData data, FitContext ctx) {
        return new RandomModel(data.numItems(), ctx.seed());
    }

    /** Per-query seeded random scores. */
    public static RandomModel read(ModelReader in, int version) throws IOException {
        int numItems = in.readInt();
        return new RandomModel(numItems, in.readLong());
    }

    public static final class RandomModel implements SavableModel {
        private final int numItems;
        private final long seed;

        RandomModel(int numItems, long seed) {
            this.numItems = numItems;
            this.seed = seed;
        }

        @Override
        public int numItems() {
            return numItems;
        }

        @Override
        public void score(UserQuery query, float[] scoresOut) {
            long key = query.user();
            if (key < 0) {
                key = 0x9E3779B97F4A7C15L;
                for (int i = 0; i < query.history().size(); i++) {
                    key = key * 31 + query.history().item(i);
                }
            }
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + key);
            for (int i = 0; i < numItems; i++) {
                scoresOut[i] = (float) rng.nextDouble();
            }
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public int payloadVersion() {
            return 1;
        }

        @Override
        public void writePayload(ModelWriter out) throws IOException {
            out.writeInt(numItems);
            out.writeLong(seed);
        }
    }
}
