/**
 * Drift: detecting that the world changed, and measuring how models keep up.
 *
 * <ul>
 *   <li>{@link ai.affinity.drift.DriftDetector} with {@link ai.affinity.drift.PageHinkley} (learns the
 *   mean, flags a decrease or increase) and {@link ai.affinity.drift.Cusum} (known in-control mean);
 *   {@link ai.affinity.drift.PopulationStability} (PSI and chi-square on the input item distribution).</li>
 *   <li>{@link ai.affinity.drift.DriftMonitor}: feeds a live metric to a detector and calls an update
 *   callback (an incremental refit) on an alarm.</li>
 *   <li>{@link ai.affinity.drift.AdaptationStudy}: static vs fresh-history vs incremental vs
 *   monitor-triggered models, metric per time window ({@code affinity adapt}).</li>
 * </ul>
 */
package ai.affinity.drift;
