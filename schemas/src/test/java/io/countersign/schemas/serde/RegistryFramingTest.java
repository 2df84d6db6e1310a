package io.countersign.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.registry.RegistrySchemas;
import io.countersign.schemas.registry.RegistrySettings;
import io.countersign.schemas.registry.RegistryUnavailableException;
import io.countersign.schemas.registry.SchemaRegistryClient;
import io.countersign.schemas.serde.EventDecodingException.Reason;
import io.countersign.schemas.serde.EventFormats.Framing;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The registry framing without a registry: ids the service registered itself are known without a
 * lookup, and a lookup against a registry that is not there is an outage, never bad input.
 */
class RegistryFramingTest {

    private static final int REQUEST_ID = 11;
    private static final int VERDICT_ID = 12;

    /** Port 1 on loopback: nothing listens, every request is refused at once. */
    private final RegistrySchemas schemas =
            new RegistrySchemas(
                    SchemaRegistryClient.connect(
                            RegistrySettings.of(URI.create("http://127.0.0.1:1/apis/ccompat/v7"))),
                    Duration.ZERO);

    private final EventFormats formats;

    RegistryFramingTest() {
        schemas.remember(REQUEST_ID, VerificationRequest.getClassSchema());
        schemas.remember(VERDICT_ID, Verdict.getClassSchema());
        formats =
                EventFormats.withRegistry(
                        schemas,
                        new EventFormats.WriteIds(-1, REQUEST_ID, VERDICT_ID),
                        Framing.REGISTRY);
    }

    @Test
    void writesMagicByteAndTheIdThenReadsItBack() {
        VerificationRequest request = EventSerdesTest.request();

        byte[] bytes = formats.request().serializer().serialize("signature.requests", request);

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(REQUEST_ID);
        assertThat(formats.request().deserializer().deserialize("signature.requests", bytes))
                .isEqualTo(request);
    }

    @Test
    void readsSingleObjectEncodingOnTheSameTopic() {
        VerificationRequest request = EventSerdesTest.request();
        byte[] singleObject =
                EventSerdes.request().serializer().serialize("signature.requests", request);

        assertThat(formats.request().deserializer().deserialize("signature.requests", singleObject))
                .isEqualTo(request);
    }

    @Test
    void aFirstByteOfNeitherFramingIsBadInput() {
        assertThatThrownBy(
                        () ->
                                formats.request()
                                        .deserializer()
                                        .deserialize("signature.requests", new byte[] {7, 1, 2}))
                .isInstanceOfSatisfying(
                        EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MARKER))
                .hasMessageContaining("neither the single-object marker 0xC3 0x01 nor");
    }

    @Test
    void aShortOrTruncatedRegistryRecordIsBadInput() {
        byte[] bytes =
                formats.request()
                        .serializer()
                        .serialize("signature.requests", EventSerdesTest.request());

        assertThatThrownBy(
                        () ->
                                formats.request()
                                        .deserializer()
                                        .deserialize("t", Arrays.copyOf(bytes, 3)))
                .isInstanceOfSatisfying(
                        EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SHORT));
        assertThatThrownBy(
                        () ->
                                formats.request()
                                        .deserializer()
                                        .deserialize("t", Arrays.copyOf(bytes, bytes.length - 4)))
                .isInstanceOfSatisfying(
                        EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessageContaining("schema id " + REQUEST_ID);
    }

    @Test
    void anotherEventsIdIsASchemaMismatchNamingIt() {
        byte[] verdictBody =
                formats.verdict().serializer().serialize("v", EventSerdesTest.verdict());

        assertThatThrownBy(() -> formats.request().deserializer().deserialize("r", verdictBody))
                .isInstanceOfSatisfying(
                        EventDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID))
                .hasMessageContaining(
                        "schema id " + VERDICT_ID + " is io.countersign.events.Verdict");
    }

    @Test
    void anIdThatNeedsAnUnreachableRegistryIsAnOutageNotBadInput() {
        byte[] unknown = {0, 0, 0, 0, 99, 2, 'x'};

        assertThatThrownBy(() -> formats.request().deserializer().deserialize("r", unknown))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("unreachable");
        assertThat(schemas.outage()).isPresent();
    }
}
