package ai.affinity.eval;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation run produced, as written to results.json and the reports.
 *
 * @param dataset     facts about the data set (name, users, items, events, ...)
 * @param protocol    protocol facts: "name", "ranking" ("full" or "sampled"), parameters, sizes
 * @param ks          the cutoffs evaluated
 * @param models      one result per model, in the order given
 * @param comparisons each model vs the best baseline, per headline metric
 * @param run         command, seed, machine, time
 */
public record EvaluationResult(Map<String, Object> dataset, Map<String, Object> protocol, int[] ks,
                               List<ModelResult> models, List<Comparison> comparisons, Map<String, Object> run) {
}
