package ai.affinity.server.store;

/** The store could not be reached, migrated, read or written; the message names what failed. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
