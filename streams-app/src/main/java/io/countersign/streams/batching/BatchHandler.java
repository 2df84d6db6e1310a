package io.countersign.streams.batching;

import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** What the {@link MicroBatcher} does with a full or overdue batch of waiting requests. */
public interface BatchHandler<KOut, VOut> {

    /** Called from the batcher's {@code init}, e.g. to look up the stores the handler reads. */
    void init(ProcessorContext<KOut, VOut> context);

    /**
     * Handles one batch, in arrival order, and returns the records to forward; throwing leaves the
     * batch waiting in the store for the next attempt.
     */
    List<Record<KOut, VOut>> handle(List<PendingRequest> batch, long nowMs);

    /** Whether a batch handed over now would be handled at once (its model is not busy). */
    default boolean idle() {
        return false;
    }
}
