package io.countersign.schemas.bench;

import io.countersign.events.VerificationRequest;
import io.countersign.schemas.registry.RegistrySchemas;
import io.countersign.schemas.registry.RegistrySettings;
import io.countersign.schemas.registry.SchemaRegistryClient;
import io.countersign.schemas.serde.EventFormats;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the service's request deserializer costs per record, by framing: single-object encoding as
 * without a registry, the same bytes read by the either-framing codec a registry enables, and the
 * registry framing with a cached schema id (no lookup). The request carries a 200 KB image, like a
 * scanned signature. Run it with the command in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class EventDecodingBenchmark {

    /** What the bytes are and which deserializer reads them. */
    @Param({"single-object", "single-object-registry-enabled", "registry"})
    public String framing;

    private byte[] bytes;
    private Deserializer<VerificationRequest> deserializer;

    @Setup
    public void setUp() {
        byte[] image = new byte[200 * 1024];
        new Random(7).nextBytes(image);
        VerificationRequest request =
                VerificationRequest.newBuilder()
                        .setRequestId("bench-1")
                        .setDocumentId("cheque-7")
                        .setImage(ByteBuffer.wrap(image))
                        .setContentType("image/png")
                        .setRegion(null)
                        .setSubmittedAt(Instant.now())
                        .setSource("bench")
                        .build();
        // Nothing listens there: the id is remembered, so no lookup ever goes out.
        RegistrySchemas schemas =
                new RegistrySchemas(
                        SchemaRegistryClient.connect(
                                RegistrySettings.of(URI.create("http://127.0.0.1:1"))),
                        Duration.ZERO);
        schemas.remember(1, VerificationRequest.getClassSchema());
        EventFormats registry =
                EventFormats.withRegistry(
                        schemas,
                        new EventFormats.WriteIds(-1, 1, -1),
                        EventFormats.Framing.REGISTRY);
        EventFormats single = EventFormats.singleObject();
        switch (framing) {
            case "single-object" -> {
                bytes = single.request().serializer().serialize("t", request);
                deserializer = single.request().deserializer();
            }
            case "single-object-registry-enabled" -> {
                bytes = single.request().serializer().serialize("t", request);
                deserializer = registry.request().deserializer();
            }
            case "registry" -> {
                bytes = registry.request().serializer().serialize("t", request);
                deserializer = registry.request().deserializer();
            }
            default -> throw new IllegalArgumentException(framing);
        }
    }

    @Benchmark
    public VerificationRequest decode() {
        return deserializer.deserialize("signature.requests", bytes);
    }
}
