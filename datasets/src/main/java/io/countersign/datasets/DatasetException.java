package io.countersign.datasets;

/** A dataset that cannot be read, with one line that says what is wrong and where. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
