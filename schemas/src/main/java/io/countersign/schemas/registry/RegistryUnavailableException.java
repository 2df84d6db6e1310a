package io.countersign.schemas.registry;

/**
 * The schema registry did not answer, or answered with a server error. Not bad input: a record that
 * needs the registry waits for it and is never dead-lettered for this.
 */
public class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
