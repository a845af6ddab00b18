package ai.affinity.server.store;

import java.util.Locale;

/**
 * The kinds of events the server accepts, with their wire names (lower case, as stored). Impressions
 * record what was shown; they feed engagement metrics but are never training signal.
 */
public enum EventType {
    VIEW, CLICK, RATING, PURCHASE, IMPRESSION;

    /** The name used in JSON and in the store. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this event says the user engaged with the item (everything but an impression). */
    public boolean isInteraction() {
        return this != IMPRESSION;
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static EventType parse(String s) {
        if (s != null) {
            for (EventType t : values()) {
                if (t.wire().equals(s)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("expected one of view, click, rating, purchase, impression; got '" + s + "'");
    }
}
