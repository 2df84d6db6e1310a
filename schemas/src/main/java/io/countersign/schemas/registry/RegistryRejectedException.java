package io.countersign.schemas.registry;

/**
 * The schema registry answered a request with a client error (4xx) other than "not found", e.g. an
 * incompatible schema (409) or an invalid one (422), or refused our credentials (401, 403).
 */
public class RegistryRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public RegistryRejectedException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The registry's own error code (Confluent's {@code error_code}, e.g. 409 or 42201), or 0. */
    public int errorCode() {
        return errorCode;
    }
}
