package ai.affinity.compare;

import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.ModelResult;
import ai.affinity.report.ConsoleTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terminal summary of {@code affinity compare}: per section its title, the verdict, notes, and the
 * metric table of the two finalists (every method for the ablation). Stateless.
 */
public final class CompareConsole {
    private CompareConsole() {
    }

    public static String render(CompareResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("affinity compare: ").append(r.dataset().get("name")).append(" (").append(r.dataset().get("users"))
                .append(" users, ").append(r.dataset().get("items")).append(" items, ")
                .append(r.dataset().get("events")).append(" events); budget ").append(r.settings().get("budget"))
                .append(", repeats ").append(r.settings().get("repeats")).append(", seed ")
                .append(r.settings().get("seed")).append(Boolean.TRUE.equals(r.settings().get("quick")) ? ", quick" : "")
                .append('\n');
        for (SectionResult s : r.sections()) {
            sb.append('\n').append("== ").append(s.section().number()).append(". ").append(s.section().title())
                    .append(" ==\n");
            sb.append("verdict: ").append(s.verdict()).append('\n');
            for (String n : s.notes()) {
                sb.append("  note: ").append(n).append('\n');
            }
            if (s.evaluation() != null) {
                sb.append(ConsoleTable.render(finalists(s))).append('\n');
            }
            for (SectionResult.Window w : s.windows()) {
                sb.append(String.format(Locale.ROOT, "  window %d (%d test users): ", w.index(), w.testUsers()));
                sb.append(w.verdict() == null ? "one side only" : w.verdict().sentence()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The section's evaluation restricted to the two finalists (or everything when fewer than two). */
    private static EvaluationResult finalists(SectionResult s) {
        EvaluationResult e = s.evaluation();
        if (s.bestTraditional() == null || s.bestDeep() == null) {
            return e;
        }
        List<ModelResult> two = new ArrayList<>();
        for (ModelResult m : e.models()) {
            if (m.name().equals(s.bestTraditional()) || m.name().equals(s.bestDeep())) {
                two.add(m);
            }
        }
        return new EvaluationResult(e.dataset(), e.protocol(), e.ks(), two, e.comparisons(), e.run());
    }
}
