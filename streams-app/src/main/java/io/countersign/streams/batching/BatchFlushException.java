package io.countersign.streams.batching;

/**
 * A batch could not be handled (the model failed, say); never a dead letter, the task fails and
 * exactly-once processing retries the batch from the last commit.
 */
public class BatchFlushException extends RuntimeException {

    public BatchFlushException(String message, Throwable cause) {
        super(message, cause);
    }
}
