package io.countersign.core.image;

import io.countersign.schemas.ErrorCode;
import java.util.Objects;

/** Why an image was refused: a typed code for the dead-letter topic and a one-line message. */
public class ImageRejectedException extends RuntimeException {

    private final ErrorCode code;

    public ImageRejectedException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ImageRejectedException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The error code that travels with the dead letter. */
    public ErrorCode code() {
        return code;
    }
}
