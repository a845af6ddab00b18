package ai.affinity.eval;

import java.util.Map;

/**
 * One model's evaluation: parameters, timings, metric summaries keyed like "ndcg@10", and the
 * per-user values behind each per-user metric (aligned with {@code users}) for paired tests.
 */
public record ModelResult(String name, Map<String, Object> params, double fitSeconds, double evalSeconds,
                          Map<String, MetricSummary> metrics, int[] users, Map<String, double[]> perUser) {
}
