/**
 * Synthetic data, deterministic by seed, and Affinity's native directory format.
 *
 * <ul>
 *   <li>{@link ai.affinity.data.synthetic.SyntheticConfig}: the shape of a data set, with presets
 *   {@code tiny}, {@code small}, {@code medium}, {@code large}.</li>
 *   <li>{@link ai.affinity.data.synthetic.SyntheticGenerator}: draws a
 *   {@link ai.affinity.data.Dataset} (topics, drifting user tastes, arriving items, heavy-tailed
 *   popularity and activity, ratings from affinity, text, pictures and audio that carry the latent
 *   factors) and, through {@code generateWithTruth}, the ground-truth factors.</li>
 *   <li>{@link ai.affinity.data.synthetic.AffinityDirFormat}: {@code events.csv}, {@code items.jsonl},
 *   {@code users.jsonl}, {@code images/*.png}, {@code audio/*.wav}, {@code dataset.json},
 *   {@code README.txt}.</li>
 * </ul>
 *
 * <p>Measured generation time (2 cores, {@code -Xmx2g}, JDK 17, media on): small 0.5 s, medium 1.6 s,
 * large 7.9 s with 570 MB live heap (6.8 s and 200 MB with media off), so every preset has media on.
 */
package ai.affinity.data.synthetic;
