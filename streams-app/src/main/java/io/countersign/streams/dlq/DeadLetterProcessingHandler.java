package io.countersign.streams.dlq;

import io.countersign.schemas.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a record rejected as bad input (a {@link DeadLetterException} or a rejected image) into a
 * dead letter carrying the source record's raw bytes (KIP-1034) and resumes; any other failure (a
 * broken model, a bug) fails the task, which exactly-once rolls back to the last commit, so a
 * healthy record is never mistaken for a bad one.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetterRoutes routes = new DeadLetterRoutes(Map.of());
    private String fallbackTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        routes = DeadLetterRoutes.fromConfig(configs);
        Object fallback = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        fallbackTopic = fallback == null ? null : fallback.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception error) {
        Optional<ErrorCode> code = ErrorCodes.badInput(error);
        Optional<String> target =
                routes.topicFor(context.topic()).or(() -> Optional.ofNullable(fallbackTopic));
        // A punctuation has no record, so nothing to dead-letter: a failed flush is retried.
        if (record == null || code.isEmpty() || target.isEmpty()) {
            log.error(
                    "Processing failed, failing the task: node {} task {} topic {} partition {}"
                            + " offset {} ({})",
                    context.processorNodeId(),
                    context.taskId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    error.getClass().getSimpleName());
            return Response.fail();
        }
        // Bad input is the client's, handled as designed and counted in
        // countersign_dead_letters_total{code}: INFO, so that WARN and ERROR stay for faults of
        // the service itself (as the branch above).
        log.info(
                "Bad input to {}: node {} task {} topic {} partition {} offset {} code {}",
                target.get(),
                context.processorNodeId(),
                context.taskId(),
                context.topic(),
                context.partition(),
                context.offset(),
                code.get());
        DeadLetterRecords.Source source =
                new DeadLetterRecords.Source(
                        context.topic(),
                        context.partition(),
                        context.offset(),
                        context.timestamp(),
                        context.sourceRawKey(),
                        context.sourceRawValue(),
                        context.headers());
        return Response.resume(
                List.of(
                        DeadLetterRecords.build(
                                target.get(), source, code.get(), ErrorCodes.message(error))));
    }
}
