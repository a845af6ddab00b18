package ai.affinity.split;

import java.util.List;
import java.util.Map;

/**
 * Builds split protocols from command-line names and options. Option keys (defaults):
 * {@code test-fraction} (0.2), {@code cold-fraction} (0.2), {@code revealed} (3),
 * {@code max-events} (0: no bound), {@code leave-out} (1). Keys a protocol does not use are ignored,
 * so the CLI can pass all its options. {@code predefined} is not built here: the CLI loads its two files
 * and constructs a {@link PredefinedSplit}.
 */
public final class SplitProtocols {
    /** The names {@link #create} accepts, in documentation order. */
    public static final List<String> NAMES = List.of(RandomHoldout.NAME, TemporalSplit.NAME, LeaveLastOut.NAME,
            ColdItems.NAME, ColdUsers.NAME);

    private SplitProtocols() {
    }

    /**
     * The protocol named {@code name} configured by {@code options} (may be null).
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or a
     *                                  malformed or out-of-range option (the message names the option)
     */
    public static SplitProtocol create(String name, Map<String, String> options) {
        Map<String, String> o = options == null ? Map.of() : options;
        String n = name == null ? "" : name.trim();
        return switch (n) {
            case RandomHoldout.NAME -> new RandomHoldout(fraction(o, "test-fraction", 0.2));
            case TemporalSplit.NAME -> new TemporalSplit(fraction(o, "test-fraction", 0.2));
            case LeaveLastOut.NAME -> new LeaveLastOut(integer(o, "leave-out", 1));
            case ColdItems.NAME -> new ColdItems(fraction(o, "cold-fraction", 0.2));
            case ColdUsers.NAME -> new ColdUsers(fraction(o, "cold-fraction", 0.2), integer(o, "revealed", 3),
                    integer(o, "max-events", 0));
            case PredefinedSplit.NAME -> throw new IllegalArgumentException(
                    "split protocol 'predefined' needs a train and a test file; it is built from files, not by name");
            default -> throw new IllegalArgumentException("unknown split protocol '" + name + "'; known: "
                    + String.join(", ", NAMES) + " (and predefined, from train/test files)");
        };
    }

    private static double fraction(Map<String, String> o, String key, double dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        double f;
        try {
            f = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + key + ": expected a number in (0, 1), got '" + v + "'", e);
        }
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("option --" + key + ": expected a number in (0, 1), got " + v);
        }
        return f;
    }

    private static int integer(Map<String, String> o, String key, int dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + key + ": expected an integer, got '" + v + "'", e);
        }
    }
}
