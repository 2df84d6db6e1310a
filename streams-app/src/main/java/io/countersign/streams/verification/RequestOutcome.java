package io.countersign.streams.verification;

import io.countersign.events.Verdict;
import io.countersign.schemas.ErrorCode;
import io.countersign.streams.batching.PendingRequest;
import java.util.Objects;

/**
 * What scoring a batch makes of one waiting request: its verdict, or, where the request can no
 * longer be prepared (admitted by an earlier version whose preprocessing took it), the reason it is
 * refused, which becomes a dead letter instead of failing the whole batch on every retry.
 */
public sealed interface RequestOutcome {

    /** The request was scored or found not enrolled. */
    record Answered(Verdict verdict) implements RequestOutcome {

        public Answered {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** The request's image is refused by the served model's preprocessing. */
    record Refused(PendingRequest request, ErrorCode code, String reason)
            implements RequestOutcome {

        public Refused {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
