package io.countersign.streams.verification;

import io.countersign.events.SignatureRegion;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventFormats;
import io.countersign.streams.batching.PendingRequest;
import io.countersign.streams.batching.RequestOrigin;
import io.countersign.streams.dlq.DeadLetterRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Makes a request refused when its batch was scored into a dead letter on the requests' dead-letter
 * topic, with the same headers as any other (code, reason, source topic, partition and offset).
 *
 * <p>Its source record was consumed and committed when the request was admitted, so its bytes are
 * gone: the value is the request rebuilt from what the pending store keeps (every field of the
 * current schema) in single-object encoding, which every reader and {@code replay-dlq} accept with
 * or without a schema registry; the source record's own headers are not kept.
 */
public final class RefusedRequestOutput
        implements Processor<String, RequestOutcome, byte[], byte[]> {

    private static final Serializer<VerificationRequest> REQUESTS =
            EventFormats.singleObject().request().serializer();

    private final String requestsTopic;
    private final String deadLetterTopic;
    private ProcessorContext<byte[], byte[]> context;

    public RefusedRequestOutput(String requestsTopic, String deadLetterTopic) {
        this.requestsTopic = requestsTopic;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, RequestOutcome> record) {
        if (!(record.value() instanceof RequestOutcome.Refused refused)) {
            return;
        }
        PendingRequest request = refused.request();
        RequestOrigin origin = request.origin();
        DeadLetterRecords.Source source =
                new DeadLetterRecords.Source(
                        requestsTopic,
                        origin.partition(),
                        origin.offset(),
                        request.timestamp(),
                        request.customerId().getBytes(StandardCharsets.UTF_8),
                        REQUESTS.serialize(requestsTopic, rebuilt(request)),
                        null);
        ProducerRecord<byte[], byte[]> letter =
                DeadLetterRecords.build(deadLetterTopic, source, refused.code(), refused.reason());
        context.forward(
                new Record<>(letter.key(), letter.value(), record.timestamp(), letter.headers()));
    }

    private static VerificationRequest rebuilt(PendingRequest request) {
        return VerificationRequest.newBuilder()
                .setRequestId(request.requestId())
                .setDocumentId(request.documentId() == null ? "" : request.documentId())
                .setImage(ByteBuffer.wrap(request.image()))
                .setContentType(request.contentType() == null ? "" : request.contentType())
                .setRegion(
                        request.region() == null
                                ? null
                                : new SignatureRegion(
                                        request.region().x(),
                                        request.region().y(),
                                        request.region().width(),
                                        request.region().height()))
                .setSubmittedAt(request.submittedAt())
                .setSource(request.origin().publisher())
                .build();
    }
}
