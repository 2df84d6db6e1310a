package io.countersign.streams.verification;

import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.image.Region;
import io.countersign.core.preprocess.PreparedImage;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.events.SignatureRegion;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.ErrorCode;
import io.countersign.streams.batching.PendingRequest;
import io.countersign.streams.batching.RequestOrigin;
import io.countersign.streams.dlq.DeadLetterException;
import io.countersign.streams.metrics.PipelineObserver;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Validates a verification request (key, image, region) by preprocessing it for the served model
 * and forwards it with its tensor to the batcher; bad input becomes a {@link DeadLetterException},
 * which the processing exception handler sends to the dead-letter topic.
 */
public final class RequestIntake
        implements Processor<String, VerificationRequest, String, PendingRequest> {

    private final SignaturePreprocessor preprocessor;
    private ProcessorContext<String, PendingRequest> context;

    private final PipelineObserver observer;

    public RequestIntake(SignaturePreprocessor preprocessor, PipelineObserver observer) {
        this.preprocessor = preprocessor;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, PendingRequest> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, VerificationRequest> record) {
        if (record.key() == null || record.key().isBlank()) {
            throw new DeadLetterException(ErrorCode.MISSING_KEY, "request has no customer id");
        }
        VerificationRequest request = record.value();
        if (request == null) {
            throw new DeadLetterException(ErrorCode.SCHEMA_MISMATCH, "request has no value");
        }
        PendingRequest pending = admit(record.key(), request, record.timestamp());
        context.forward(record.withValue(pending));
    }

    private PendingRequest admit(String customerId, VerificationRequest request, long timestamp) {
        byte[] image = bytes(request.getImage());
        try {
            Region region = region(request.getRegion());
            long start = System.nanoTime();
            PreparedImage prepared = preprocessor.prepare(image, region);
            observer.preprocessed(System.nanoTime() - start);
            observer.admitted(prepared.tone());
            Instant submittedAt =
                    request.getSubmittedAt() != null
                            ? request.getSubmittedAt()
                            : Instant.ofEpochMilli(timestamp);
            return new PendingRequest(
                    customerId,
                    request.getRequestId(),
                    request.getDocumentId(),
                    image,
                    request.getContentType(),
                    region,
                    submittedAt,
                    0L,
                    timestamp,
                    origin(request),
                    prepared);
        } catch (ImageRejectedException e) {
            throw new DeadLetterException(e.code(), e.getMessage(), e);
        }
    }

    private RequestOrigin origin(VerificationRequest request) {
        String publisher = request.getSource() == null ? "unknown" : request.getSource();
        return context.recordMetadata()
                .map(source -> new RequestOrigin(source.partition(), source.offset(), publisher))
                .orElse(new RequestOrigin(-1, -1L, publisher));
    }

    private static Region region(SignatureRegion region) {
        return region == null
                ? null
                : new Region(region.getX(), region.getY(), region.getWidth(), region.getHeight());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            throw new DeadLetterException(ErrorCode.UNDECODABLE_IMAGE, "request has no image");
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
