package ai.affinity.compare;

import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.MetricSummary;

import java.util.List;
import java.util.Map;

/**
 * What one section of {@code affinity compare} found.
 *
 * @param section         which section
 * @param status          {@code "ran"}, {@code "skipped"} (the data or the build cannot support it; see
 *                        {@code reason}) or {@code "failed"} (an error; see {@code reason})
 * @param reason          why the section was skipped or failed, null when it ran
 * @param notes           what was adapted to the data, and methods left out with why, in plain words
 * @param evaluation      every evaluated method merged over the repeats, with the paired comparisons of
 *                        the best deep method against the best traditional one; null unless ran
 * @param tuning          what the tuner selected for each method
 * @param bestTraditional the best traditional method by the headline metric, or null
 * @param bestDeep        the best deep method by the headline metric, or null
 * @param verdicts        one verdict per compared metric (precision, recall, F1, NDCG at the primary k)
 * @param verdict         the headline sentence (NDCG), or why there is none
 * @param repeatMeans     the headline metric's mean in each repeat, per method
 * @param windows         the drift section's rolling windows (empty elsewhere)
 * @param ablations       the ablation section's comparisons (empty elsewhere)
 * @param seconds         wall time of the section
 */
public record SectionResult(Section section, String status, String reason, List<String> notes,
                            EvaluationResult evaluation, List<Tuned> tuning, String bestTraditional, String bestDeep,
                            List<Verdict> verdicts, String verdict, Map<String, double[]> repeatMeans,
                            List<Window> windows, List<Ablation> ablations, double seconds) {
    public static final String RAN = "ran";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public SectionResult {
        notes = List.copyOf(notes);
        tuning = tuning == null ? List.of() : List.copyOf(tuning);
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
        repeatMeans = repeatMeans == null ? Map.of() : repeatMeans;
        windows = windows == null ? List.of() : List.copyOf(windows);
        ablations = ablations == null ? List.of() : List.copyOf(ablations);
    }

    /** A section that did not run, with the reason in the verdict too so every summary line says why. */
    static SectionResult notRun(Section s, String status, String reason, List<String> notes) {
        return new SectionResult(s, status, reason, notes, null, null, null, null, null,
                status + ": " + reason, null, null, null, 0);
    }

    /**
     * One method's tuning in this section.
     *
     * @param model           registry name
     * @param side            {@code "traditional"} or {@code "deep"}
     * @param spec            the selected configuration, rebuildable on the command line
     * @param metric          the selection metric
     * @param validationValue the selected configuration's validation score
     * @param trials          configurations tried
     * @param failedTrials    of which failed
     * @param strategy        the search strategy
     * @param seconds         wall time of the search
     */
    public record Tuned(String model, String side, String spec, String metric, double validationValue, int trials,
                        int failedTrials, String strategy, double seconds) {
    }

    /**
     * One rolling time window of the drift section.
     *
     * @param index       1-based, oldest first
     * @param start       first timestamp of the window (inclusive)
     * @param end         end of the window (exclusive)
     * @param trainEvents events before the window
     * @param testEvents  events in the window of users with history
     * @param testUsers   evaluated users
     * @param metrics     per method name, its metrics in this window
     * @param verdict     best deep vs best traditional in this window, null when a side is missing
     */
    public record Window(int index, long start, long end, int trainEvents, int testEvents, int testUsers,
                         Map<String, Map<String, MetricSummary>> metrics, Verdict verdict) {
    }

    /**
     * The hybrid with one input removed, against the full hybrid.
     *
     * @param modality the removed input, e.g. {@code "text"}
     * @param variant  the variant's model name in the evaluation
     * @param verdict  full hybrid (challenger) vs the variant (reference) on the headline metric
     */
    public record Ablation(String modality, String variant, Verdict verdict) {
    }
}
