package io.countersign.streams.dlq;

import io.countersign.schemas.ErrorCode;
import io.countersign.schemas.registry.RegistryRejectedException;
import io.countersign.schemas.registry.RegistryUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that cannot be deserialized to its source topic's dead-letter topic (KIP-1034) and
 * lets the stream resume; fails the stream only where no dead-letter topic is known, so nothing is
 * ever dropped silently, or where the schema registry did not answer (not bad input: retried).
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger log =
            LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetterRoutes routes = new DeadLetterRoutes(Map.of());
    private String fallbackTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        routes = DeadLetterRoutes.fromConfig(configs);
        Object fallback = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        fallbackTopic = fallback == null ? null : fallback.toString();
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception error) {
        if (error instanceof RegistryUnavailableException
                || error instanceof RegistryRejectedException) {
            // Not the record's fault (the registry is down, or refuses our credentials): fail the
            // thread, which is replaced and reads the record again from the last commit; nothing
            // is dead-lettered or lost for it. Failing again and again stops the instance.
            log.warn(
                    "Schema registry did not answer a lookup ({}), retrying the task: task {}"
                            + " topic {} partition {} offset {}",
                    error.getMessage(),
                    context.taskId(),
                    record.topic(),
                    record.partition(),
                    record.offset());
            return Response.fail();
        }
        ErrorCode code = ErrorCodes.badInput(error).orElse(ErrorCode.SCHEMA_MISMATCH);
        Optional<String> target =
                routes.topicFor(record.topic()).or(() -> Optional.ofNullable(fallbackTopic));
        if (target.isEmpty()) {
            log.error(
                    "Undecodable record with no dead-letter topic, failing: task {} topic {}"
                            + " partition {} offset {} code {}",
                    context.taskId(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    code);
            return Response.fail();
        }
        // Bad input is the client's, handled as designed and counted in
        // countersign_dead_letters_total{code}: INFO, so that WARN and ERROR stay for faults of
        // the service itself (as the branch above).
        log.info(
                "Undecodable record to {}: node {} task {} topic {} partition {} offset {} code {}",
                target.get(),
                context.processorNodeId(),
                context.taskId(),
                record.topic(),
                record.partition(),
                record.offset(),
                code);
        DeadLetterRecords.Source source =
                new DeadLetterRecords.Source(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.key(),
                        record.value(),
                        record.headers());
        return Response.resume(
                List.of(
                        DeadLetterRecords.build(
                                target.get(), source, code, ErrorCodes.message(error))));
    }
}
