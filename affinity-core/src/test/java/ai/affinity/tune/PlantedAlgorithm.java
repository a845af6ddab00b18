package ai.affinity.tune;

import ai.affinity.data.Interactions;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.Params;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A test-only algorithm whose best hyperparameter is known: popularity plus item noise of amplitude
 * {@code |knob - 3| * maxCount}. {@code knob = 3} is plain popularity, every other value buries it
 * in noise (2 and 4 equally), so on data where popularity beats random the best knob is 3. Default
 * knob 0. {@code knob = 6} passes validation but throws in {@code fit}; {@code knob = 7} is rejected by
 * the constructor, so a grid over 0..7 exercises both failure paths.
 */
record PlantedAlgorithm(int knob, Consumer<Interactions> spy) implements Algorithm<Model> {
    static final int BEST = 3;
    static final SearchSpace SPACE = SearchSpace.of(SearchSpace.choice("knob", 0, 1, 2, 3, 4, 5, 6, 7));

    PlantedAlgorithm {
        Params.check(knob >= 0 && knob <= 6, "planted", "knob", knob, "in [0, 6]");
    }

    /** Registers {@code name} building this algorithm; {@code spy} sees every training set fitted on. */
    static void register(String name, Consumer<Interactions> spy) {
        AlgorithmRegistry.register(name, p -> {
            Params params = new Params(name, p);
            int knob = params.getInt("knob", 0);
            params.requireAllUsed();
            return new PlantedAlgorithm(knob, spy);
        }, SPACE);
    }

    static void register(String name) {
        register(name, x -> { });
    }

    @Override
    public String name() {
        return "planted";
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("knob", knob);
    }

    @Override
    public Model fit(TrainingData data, FitContext ctx) {
        spy.accept(data.train());
        if (knob == 6) {
            throw new IllegalStateException("knob 6 diverges");
        }
        int[] counts = data.train().itemCounts();
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        SplittableRandom rng = new SplittableRandom(ctx.seed());
        float[] scores = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            scores[i] = (float) (counts[i] + Math.abs(knob - BEST) * max * rng.nextDouble());
        }
        return new Model() {
            @Override
            public int numItems() {
                return scores.length;
            }

            @Override
            public void score(UserQuery query, float[] scoresOut) {
                System.arraycopy(scores, 0, scoresOut, 0, scores.length);
            }
        };
    }
}
