package io.countersign.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.ImageLimits;
import io.countersign.streams.dlq.DeadLetterDeserializationHandler;
import io.countersign.streams.dlq.DeadLetterProcessingHandler;
import io.countersign.streams.dlq.DeadLetterRoutes;
import io.countersign.streams.enrollment.ReferencesFormat;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TopologySettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        // Given / When the defaults
        TopologySettings settings = TopologySettings.defaults();

        // Then they match docs/topology.md
        assertThat(settings.topics().enrollments()).isEqualTo("signature.enrollments");
        assertThat(settings.topics().requests()).isEqualTo("signature.requests");
        assertThat(settings.topics().verdicts()).isEqualTo("signature.verdicts");
        assertThat(settings.topics().requestsDlq()).isEqualTo("signature.requests.dlq");
        assertThat(settings.topics().enrollmentsDlq()).isEqualTo("signature.enrollments.dlq");
        assertThat(settings.stores().references()).isEqualTo("reference-sets");
        assertThat(settings.stores().pending()).isEqualTo("pending-requests");
        assertThat(settings.stores().referencesFormat()).isEqualTo(ReferencesFormat.V4);
        assertThat(settings.batch().maxSize()).isEqualTo(32);
        assertThat(settings.batch().maxDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.aggregationOverride()).isEmpty();
        assertThat(settings.thresholdOverride()).isEmpty();
        assertThat(settings.imageLimits()).isEqualTo(ImageLimits.DEFAULT);
        assertThat(settings.maxRecordBytes()).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void nonsenseIsRefusedWhenTheSettingsAreMade() {
        // Given / When / Then
        assertThatThrownBy(() -> TopologySettings.defaults().withBatch(0, Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopologySettings.StoreNames("same", "same"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopologySettings.defaults().withReferencesFormat(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one of 4, 3, 2")
                .hasMessageContaining("was 5");
        assertThatThrownBy(() -> new TopologySettings.TopicNames("a", " ", "c", "d", "e"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStreamsPropertiesAskForExactlyOnceAndTheDeadLetterHandlers() {
        // Given the defaults
        // When the properties the topology needs are derived
        Properties props = VerificationTopology.streamsProperties(TopologySettings.defaults());

        // Then exactly-once, transactional stores, both handlers and both routes are set
        assertThat(props)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true")
                .containsEntry(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterProcessingHandler.class.getName())
                .containsEntry(
                        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterDeserializationHandler.class.getName())
                .containsEntry(
                        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                        "signature.requests.dlq")
                .containsEntry(
                        DeadLetterRoutes.CONFIG,
                        "signature.enrollments=signature.enrollments.dlq,"
                                + "signature.requests=signature.requests.dlq");
        // and StreamsConfig accepts them as they are
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "check");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        assertThat(new StreamsConfig(props).processingExceptionHandler())
                .isInstanceOf(DeadLetterProcessingHandler.class);
    }
}
