package io.countersign.streams.dlq;

import io.countersign.core.image.ImageRejectedException;
import io.countersign.schemas.ErrorCode;
import io.countersign.schemas.serde.EventDecodingException;
import io.countersign.streams.batching.BatchFlushException;
import java.util.Optional;

/** Finds the error code of a failure caused by bad input, anywhere in its cause chain. */
final class ErrorCodes {

    private ErrorCodes() {}

    /** The code of the first bad-input exception in the chain, empty for anything else. */
    static Optional<ErrorCode> badInput(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BatchFlushException) {
                // A batch holds many records; the one being processed is not to blame.
                return Optional.empty();
            }
            if (t instanceof DeadLetterException dead) {
                return Optional.of(dead.code());
            }
            if (t instanceof ImageRejectedException rejected) {
                return Optional.of(rejected.code());
            }
            if (t instanceof EventDecodingException decoding) {
                return Optional.of(decoding.code());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The message of the bad-input exception in the chain, or of the failure itself. */
    static String message(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof DeadLetterException
                    || t instanceof ImageRejectedException
                    || t instanceof EventDecodingException) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
