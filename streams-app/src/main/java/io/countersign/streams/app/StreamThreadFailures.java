package io.countersign.streams.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies of a failure that is not bad input (bad input is
 * dead-lettered): replace the thread, whose aborted transaction left its batch in the pending store
 * to be retried, unless failures keep coming back, in which case stop the instance so the
 * orchestrator restarts it with back-off instead of threads retrying in a tight loop.
 */
final class StreamThreadFailures {

    private final int allowed;
    private final Duration window;
    private final Deque<Instant> recent = new ArrayDeque<>();

    /** At most {@code allowed} replacements within any {@code window}. */
    StreamThreadFailures(int allowed, Duration window) {
        this.allowed = allowed;
        this.window = window;
    }

    synchronized StreamThreadExceptionResponse onFailure(Instant now) {
        recent.addLast(now);
        while (recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        return recent.size() > allowed
                ? StreamThreadExceptionResponse.SHUTDOWN_CLIENT
                : StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
