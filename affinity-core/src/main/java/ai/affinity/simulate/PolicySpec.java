package ai.affinity.simulate;

import ai.affinity.model.AlgorithmRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * One arm of a simulation: which model recommends, how it sees the user, and how often it is refitted.
 * Written {@code MODEL[:key=value,...][@foldin][@refit=N]}:
 * <ul>
 *   <li>{@code MODEL} is any name in {@link AlgorithmRegistry} (e.g. {@code pop}, {@code ials},
 *   {@code ease}, {@code sasrec} when the deep models are registered),, {@code random}, which here
 *   shows a fresh uniformly random list on every request, or {@code oracle}, which ranks by the user's
 *   true affinity of the day (an upper bound, not a policy one could deploy).</li>
 *   <li>static (default): fitted once on the history before day 0 and queried with the trained user
 *   index and the live history (clicks included), so models that read the history (SASRec, kNN) adapt
 *   while factor models use their trained user vector.</li>
 *   <li>{@code @foldin}: queried without the user index, so the model derives the user from the live
 *   history (iALS folds it in exactly) on every request.</li>
 *   <li>{@code @refit=N}: refitted every N days on the history plus every click simulated so far.</li>
 *   <li>{@code @monitor}: refitted (on the same data) when a {@link ai.affinity.drift.PageHinkley} test
 *   on the policy's daily CTR, relative to its first day after the last fit, flags a decrease
 *   ({@code delta = 0.05, lambda = 1.5}, at least 5 days): the drift monitor triggering an incremental
 *   update.</li>
 * </ul>
 *
 * @param label      the spec as written; the arm name in results and event logs
 * @param modelSpec  the registry spec, or "random"
 * @param foldIn     whether queries leave out the user index
 * @param refitEvery days between refits, 0 for never
 * @param monitor    whether a drift monitor on the daily CTR triggers refits
 */
public record PolicySpec(String label, String modelSpec, boolean foldIn, int refitEvery, boolean monitor) {
    /** Page-Hinkley settings of {@code @monitor}, on CTR divided by the first day's CTR after a fit. */
    public static final double MONITOR_DELTA = 0.05;
    public static final double MONITOR_LAMBDA = 1.5;
    public static final int MONITOR_MIN_DAYS = 5;

    public static final String RANDOM = "random";
    /** Ranks by the user's true affinity today: the upper bound the world allows (not a real policy). */
    public static final String ORACLE = "oracle";

    public PolicySpec {
        if (label == null || label.isBlank() || modelSpec == null || modelSpec.isBlank()) {
            throw new IllegalArgumentException("a policy needs a label and a model spec");
        }
        if (refitEvery < 0) {
            throw new IllegalArgumentException("refit interval must be >= 0 days, got " + refitEvery + " in '" + label + "'");
        }
    }

    public boolean isRandom() {
        return RANDOM.equals(modelSpec);
    }

    public boolean isOracle() {
        return ORACLE.equals(modelSpec);
    }

    /** Whether this policy is built into the simulator rather than a registry model. */
    public boolean isBuiltIn() {
        return isRandom() || isOracle();
    }

    /** Parses one spec; an unknown model or modifier fails with the spec in the message. */
    public static PolicySpec parse(String spec) {
        String s = spec.trim();
        String[] parts = s.split("@");
        String model = parts[0].trim();
        boolean foldIn = false;
        boolean monitor = false;
        int refit = 0;
        for (int p = 1; p < parts.length; p++) {
            String m = parts[p].trim();
            if (m.equals("foldin")) {
                foldIn = true;
            } else if (m.equals("monitor")) {
                monitor = true;
            } else if (m.startsWith("refit=")) {
                try {
                    refit = Integer.parseInt(m.substring("refit=".length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("policy '" + spec + "': refit=N needs a whole number of days, got '"
                            + m + "'");
                }
                if (refit < 1) {
                    throw new IllegalArgumentException("policy '" + spec + "': refit interval must be >= 1 day");
                }
            } else {
                throw new IllegalArgumentException("policy '" + spec + "': unknown modifier '@" + m
                        + "'; expected @foldin, @refit=N or @monitor");
            }
        }
        if (!model.equals(RANDOM) && !model.equals(ORACLE)) {
            AlgorithmRegistry.create(model); // fails fast on an unknown model or bad parameter
        }
        if (monitor && (model.equals(RANDOM) || model.equals(ORACLE))) {
            throw new IllegalArgumentException("policy '" + spec + "': @monitor needs a model to refit");
        }
        return new PolicySpec(s, model, foldIn, refit, monitor);
    }

    /**
     * Splits a comma-separated policy list where model parameters also use commas: an element starts a
     * new policy unless it is {@code key=value} with no ':' or '@' before its '='
     * ({@code "ials:factors=32,alpha=10@refit=1,pop"} is two policies).
     */
    public static List<PolicySpec> parseList(String list) {
        List<PolicySpec> out = new ArrayList<>();
        StringBuilder current = null;
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            int colon = p.indexOf(':');
            int at = p.indexOf('@');
            boolean startsNew = current == null || eq < 0 || (colon >= 0 && colon < eq) || (at >= 0 && at < eq);
            if (startsNew) {
                if (current != null) {
                    out.add(parse(current.toString()));
                }
                current = new StringBuilder(p);
            } else {
                current.append(',').append(p);
            }
        }
        if (current != null) {
            out.add(parse(current.toString()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no policies given");
        }
        return out;
    }
}
