/**
 * Evaluation metrics: per-user ranking metrics as pure, allocation-free functions of one ranked list
 * ({@link ai.affinity.metric.RankingMetrics}), item-to-item similarity for intra-list diversity
 * ({@link ai.affinity.metric.ItemSimilarity}), the system-level catalogue coverage as a mergeable
 * accumulator ({@link ai.affinity.metric.CoverageAccumulator}), and the statistics over per-user values:
 * bootstrap confidence intervals ({@link ai.affinity.metric.Bootstrap}) and paired significance tests
 * ({@link ai.affinity.metric.PairedTests}).
 */
package ai.affinity.metric;
