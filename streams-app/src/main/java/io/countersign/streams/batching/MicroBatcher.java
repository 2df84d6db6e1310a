package io.countersign.streams.batching;

import io.countersign.core.preprocess.PreparedImage;
import io.countersign.streams.topology.TopologySettings.BatchSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Collects requests in a changelogged store, keyed by an arrival sequence so order is kept, and
 * hands them to a {@link BatchHandler} once {@code maxSize} wait or, checked by a wall-clock
 * punctuator, the oldest has waited {@code maxDelay}. Because the batch lives in the store, a crash
 * between arrival and flush loses nothing: exactly-once commits store, outputs and offsets
 * together.
 */
public final class MicroBatcher<KOut, VOut>
        implements Processor<String, PendingRequest, KOut, VOut> {

    private final BatchSettings settings;
    private final String storeName;
    private final BatchHandler<KOut, VOut> handler;
    // Images prepared when the requests were validated, so the usual path decodes each once.
    private final Map<Long, PreparedImage> prepared = new HashMap<>();

    private ProcessorContext<KOut, VOut> context;
    private KeyValueStore<Long, PendingRequest> store;
    private long nextSequence;
    private int waiting;
    private long oldestArrivalMs;
    private int arrivedSinceTick;

    public MicroBatcher(
            BatchSettings settings, String storeName, BatchHandler<KOut, VOut> handler) {
        this.settings = settings;
        this.storeName = storeName;
        this.handler = handler;
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        prepared.clear();
        recountWaiting();
        try (KeyValueIterator<Long, PendingRequest> last = store.reverseAll()) {
            nextSequence = last.hasNext() ? last.next().key + 1 : 0;
        }
        context.schedule(
                settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::onTick);
        handler.init(context);
    }

    @Override
    public void process(Record<String, PendingRequest> record) {
        long now = context.currentSystemTimeMs();
        long sequence = nextSequence++;
        PendingRequest pending = record.value().arrivedAt(now);
        store.put(sequence, pending);
        if (pending.prepared() != null) {
            prepared.put(sequence, pending.prepared());
        }
        if (waiting++ == 0) {
            oldestArrivalMs = now;
        }
        arrivedSinceTick++;
        while (waiting >= settings.maxSize()) {
            flush(now);
        }
    }

    /**
     * Flushes every waiting request once the oldest is overdue or, with flush-when-idle, as soon as
     * the input pauses (nothing arrived since the last tick) while the model is free: under light
     * load a request then waits a tick or two instead of the whole delay. Under load requests keep
     * arriving between ticks, so batches fill up to {@code maxSize} or {@code maxDelay}; flushing
     * whenever the model was free made batches of one or two, because Kafka Streams runs the
     * punctuator between every few records, long before a poll's records were all processed.
     */
    void onTick(long nowMs) {
        boolean overdue = nowMs - oldestArrivalMs >= settings.maxDelay().toMillis();
        boolean quiet = arrivedSinceTick == 0;
        arrivedSinceTick = 0;
        if (waiting > 0 && (overdue || (settings.flushWhenIdle() && quiet && handler.idle()))) {
            while (waiting > 0) {
                flush(nowMs);
            }
        }
    }

    /** How many requests wait in the store. */
    int waiting() {
        return waiting;
    }

    private void flush(long nowMs) {
        List<KeyValue<Long, PendingRequest>> batch = oldest(settings.maxSize());
        List<PendingRequest> requests = new ArrayList<>(batch.size());
        for (KeyValue<Long, PendingRequest> entry : batch) {
            PreparedImage image = prepared.get(entry.key);
            requests.add(image == null ? entry.value : entry.value.withPrepared(image));
        }
        List<Record<KOut, VOut>> outputs;
        try {
            outputs = handler.handle(requests, nowMs);
        } catch (RuntimeException e) {
            throw new BatchFlushException("a batch of " + batch.size() + " failed", e);
        }
        outputs.forEach(context::forward);
        for (KeyValue<Long, PendingRequest> entry : batch) {
            store.delete(entry.key);
            prepared.remove(entry.key);
        }
        recountWaiting();
    }

    private List<KeyValue<Long, PendingRequest>> oldest(int limit) {
        List<KeyValue<Long, PendingRequest>> batch = new ArrayList<>(limit);
        try (KeyValueIterator<Long, PendingRequest> all = store.all()) {
            while (all.hasNext() && batch.size() < limit) {
                batch.add(all.next());
            }
        }
        return batch;
    }

    // The store is small (about one batch), so a scan is cheaper than keeping counts in sync.
    private void recountWaiting() {
        waiting = 0;
        oldestArrivalMs = Long.MAX_VALUE;
        try (KeyValueIterator<Long, PendingRequest> all = store.all()) {
            while (all.hasNext()) {
                PendingRequest request = all.next().value;
                if (waiting++ == 0) {
                    oldestArrivalMs = request.arrivedAtMs();
                }
            }
        }
    }
}
