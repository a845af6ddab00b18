package ai.affinity.tune;

import ai.affinity.eval.EvaluationResult;
import ai.affinity.split.Split;

import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Tuner#tune} produced: the search trace on the validation carve-out, the selected
 * configuration, and the final evaluation on the untouched test split of the tuned model, the
 * defaults and the most-popular baseline.
 *
 * @param model              the tuned algorithm's registry name
 * @param metric             the selection metric, e.g. {@code "ndcg@10"} (higher is better)
 * @param strategy           {@code "defaults only"}, {@code "grid"} or {@code "random"}
 * @param budget             the trial budget asked for (the trace may be shorter: small spaces, duplicates)
 * @param gridSize           size of the algorithm's full grid (1 for an empty space)
 * @param validationFraction share of each training user's events carved out for validation
 * @param seed               seed of the carve-out, the random search, every fit and the bootstrap
 * @param validationProtocol the carve-out's parameters and sizes, as written into results
 * @param trials             every trial in search order; trial 0 is the defaults
 * @param bestIndex          index into {@code trials} of the selected configuration
 * @param bestSpec           the selected configuration as a spec that rebuilds it exactly (every parameter)
 * @param test               the final evaluation on the test split (tuned, defaults when they did not fail,
 *                           baseline), with the tuning summary in its run facts
 * @param tunedName          the tuned model's name in {@code test}, e.g. {@code "ease (tuned)"}
 * @param defaultsName       the defaults' name in {@code test}, or null when the defaults failed on validation
 * @param baselineName       the baseline's name in {@code test} ({@code "pop"})
 * @param validation         the validation split the trials were evaluated on (for inspection; not serialised)
 */
public record TuningResult(String model, String metric, String strategy, int budget, long gridSize,
                           double validationFraction, long seed, Map<String, Object> validationProtocol,
                           List<Trial> trials, int bestIndex, String bestSpec, EvaluationResult test,
                           String tunedName, String defaultsName, String baselineName, Split validation) {
    public TuningResult {
        trials = List.copyOf(trials);
        validationProtocol = Collections.unmodifiableMap(new LinkedHashMap<>(validationProtocol));
    }

    public Trial best() {
        return trials.get(bestIndex);
    }

    public Trial defaults() {
        return trials.get(0);
    }

    /** The sentence written into every report: how selection was done and that test was never used. */
    public String selectionStatement() {
        return Tuner.selectionStatement(validationFraction, seed, metric);
    }
}
