package ai.affinity.compare;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code affinity compare} produced.
 *
 * @param dataset      facts about the data set
 * @param capabilities what the data supports
 * @param settings     budget, repeats, seed, cutoffs, methods, quick mode
 * @param sections     one result per requested section, in report order
 * @param run          command, machine, time
 */
public record CompareResult(Map<String, Object> dataset, DataCapabilities capabilities, Map<String, Object> settings,
                            List<SectionResult> sections, Map<String, Object> run) {
    public CompareResult {
        sections = List.copyOf(sections);
    }
}
