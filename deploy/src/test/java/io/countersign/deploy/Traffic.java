package io.countersign.deploy;

import io.countersign.datasets.synthetic.SyntheticSignatures;
import io.countersign.events.EnrollmentEvent;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventSerdes;
import io.countersign.streams.demo.SyntheticEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Just enough traffic for every metric to exist: enrolments, requests for enrolled and unknown
 * customers, and one undecodable image (a dead letter).
 */
final class Traffic {

    private final String bootstrap;
    private final SyntheticSignatures signatures = new SyntheticSignatures(7);

    Traffic(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void enrol(String topic, int customers, int references) {
        try (KafkaProducer<String, EnrollmentEvent> producer =
                producer(EventSerdes.enrollment().serializer())) {
            for (int w = 0; w < customers; w++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                customer(w),
                                SyntheticEvents.enrollment(
                                        signatures, w, customer(w), references, Instant.now())));
            }
        }
    }

    /**
     * {@code count} requests spread over {@code customers} (those past the enrolled ones are
     * unknown), then one whose image is not an image.
     */
    void submit(String topic, int count, int customers) {
        try (KafkaProducer<String, VerificationRequest> producer =
                producer(EventSerdes.request().serializer())) {
            for (int i = 0; i < count; i++) {
                int writer = i % customers;
                byte[] png = SyntheticEvents.png(signatures.genuine(writer, 20 + i));
                producer.send(
                        new ProducerRecord<>(topic, customer(writer), request("r-" + i, png)));
            }
            byte[] notAnImage = "not an image".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, customer(0), request("corrupt", notAnImage)));
        }
    }

    private static String customer(int writer) {
        return "deploy-it-" + writer;
    }

    private static VerificationRequest request(String id, byte[] image) {
        return SyntheticEvents.request(id, image, Instant.now(), "deploy-it");
    }

    private <V> KafkaProducer<String, V> producer(Serializer<V> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }
}
