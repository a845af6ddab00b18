package ai.affinity.model.baseline;

import ai.affinity.data.Interactions;
import ai.affinity.model.Algorithm;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;

import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.Map;

/**
 * Most-popular: scores every item by the number of training users who interacted with it. The
 * same list for everyone; the floor every personalised model must clear.
 */
public final class Popularity implements Algorithm<Popularity.PopularityModel> {
    public static final String KIND = "pop";

    @Override
    public String name() {
        return "pop";
    }

    @Override
    public Map<String, Object> params() {
        return Map.of();
    }

    @Override
    public PopularityModel fit(TrainingData data, FitContext ctx) {
        Interactions train = data.train();
        int[] counts = train.itemCounts();
        float[] scores = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            scores[i] = counts[i];
        }
        return new PopularityModel(scores);
    }

    /** Fixed item scores (counts of training users). */
    public static PopularityModel read(ModelReader in, int version) throws IOException {
        return new PopularityModel(in.readFloats());
    }

    public static final class PopularityModel implements SavableModel {
        private final float[] scores;

        PopularityModel(float[] scores) {
            this.scores = scores;
        }

        @Override
        public int numItems() {
            return scores.length;
        }

        @Override
        public void score(UserQuery query, float[] scoresOut) {
            System.arraycopy(scores, 0, scoresOut, 0, scores.length);
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
            out.writeFloats(scores);
        }
    }
}
