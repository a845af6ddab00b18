package ai.affinity.tune;

import ai.affinity.eval.MetricSummary;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration tried by the {@link Tuner} on the validation carve-out.
 *
 * @param index       0-based position in the search order (0 is always the algorithm's defaults)
 * @param origin      where the configuration came from: {@code "defaults"}, {@code "grid"} or {@code "random"}
 * @param config      the searched parameters as given to the algorithm (empty for the defaults)
 * @param spec        the command-line spec of this trial, e.g. {@code "ease:lambda=500"} ({@code "ease"} for
 *                    the defaults)
 * @param params      every hyperparameter as the built algorithm reports it, or null when the configuration
 *                    was rejected before fitting
 * @param score       the selection metric on validation users (mean and 95% bootstrap CI), or null when the
 *                    trial failed
 * @param metrics     means of the accuracy metrics at the selection metric's k (e.g. {@code "recall@10"}),
 *                    empty when the trial failed
 * @param fitSeconds  wall time of the fit (0 when it never started)
 * @param evalSeconds wall time of the validation evaluation (0 when it never started)
 * @param error       why the trial failed (rejected parameters, an exception while fitting or evaluating),
 *                    or null when it succeeded
 */
public record Trial(int index, String origin, Map<String, String> config, String spec, Map<String, Object> params,
                    MetricSummary score, Map<String, Double> metrics, double fitSeconds, double evalSeconds,
                    String error) {
    public Trial {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        params = params == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public boolean failed() {
        return error != null;
    }

    /** The selection metric's mean, NaN for a failed trial. */
    public double value() {
        return score == null ? Double.NaN : score.mean();
    }
}
