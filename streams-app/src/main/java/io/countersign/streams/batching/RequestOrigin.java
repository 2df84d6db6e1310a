package io.countersign.streams.batching;

import java.util.Objects;

/**
 * Where a pending request came from: the requests-topic partition and offset it was read at, and
 * the upstream system that published it (the request's {@code source} field). Kept with the request
 * so that one refused only when its batch is scored (after an upgrade whose preprocessing no longer
 * takes it) can still be dead-lettered with its coordinates and every field it arrived with.
 *
 * @param partition the requests-topic partition, -1 if unknown
 * @param offset the offset in that partition, -1 if unknown
 * @param publisher the upstream system's name
 */
public record RequestOrigin(int partition, long offset, String publisher) {

    /** What a request stored by a version that did not keep its origin is read back with. */
    public static final RequestOrigin UNKNOWN = new RequestOrigin(-1, -1L, "unknown");

    public RequestOrigin {
        Objects.requireNonNull(publisher, "publisher");
    }
}
