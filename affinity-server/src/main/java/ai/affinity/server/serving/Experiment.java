package ai.affinity.server.serving;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * An A/B experiment: a name and its arms. A user's arm is a pure function of (experiment name, user
 * id): the first 8 bytes of SHA-256 over {@code name + '\0' + userId}, modulo the number of arms. The
 * same user gets the same arm in every process and after restarts; different experiments shuffle users
 * independently. Thread-safe.
 */
public final class Experiment {
    private final String name;
    private final List<String> arms;

    public Experiment(String name, List<String> arms) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("experiment name must be non-empty");
        }
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one arm");
        }
        if (arms.stream().distinct().count() != arms.size()) {
            throw new IllegalArgumentException("arm names must be distinct: " + arms);
        }
        this.name = name;
        this.arms = List.copyOf(arms);
    }

    public String name() {
        return name;
    }

    public List<String> arms() {
        return arms;
    }

    /** The arm of {@code userId}. */
    public String assign(String userId) {
        return arms.get(bucket(name, userId, arms.size()));
    }

    /** {@code floorMod(first 8 bytes of SHA-256(name + '\0' + userId) as a long, n)}. */
    static int bucket(String name, String userId, int n) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest((name + '\0' + userId).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return (int) Math.floorMod(v, (long) n);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
