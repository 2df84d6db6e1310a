package io.countersign.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void threadsAreReplacedUntilFailuresComeTooOftenThenTheInstanceStops() {
        StreamThreadFailures failures = new StreamThreadFailures(2, Duration.ofMinutes(1));

        assertThat(failures.onFailure(T0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.onFailure(T0.plusSeconds(10)))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.onFailure(T0.plusSeconds(20)))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        StreamThreadFailures failures = new StreamThreadFailures(2, Duration.ofMinutes(1));
        failures.onFailure(T0);
        failures.onFailure(T0.plusSeconds(10));

        assertThat(failures.onFailure(T0.plusSeconds(75)))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
