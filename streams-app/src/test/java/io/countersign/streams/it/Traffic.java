package io.countersign.streams.it;

import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageTone;
import io.countersign.datasets.synthetic.SyntheticSignatures;
import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventSerdes;
import io.countersign.streams.demo.SyntheticEvents;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka clients for the integration tests: enrol, submit, read verdicts committed. */
final class Traffic {

    private final String bootstrap;
    private final SyntheticSignatures signatures = new SyntheticSignatures(99);

    Traffic(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    String bootstrap() {
        return bootstrap;
    }

    static String customer(int writer) {
        return "it-customer-" + writer;
    }

    void enrol(int customers, int references) {
        try (KafkaProducer<String, EnrollmentEvent> producer =
                producer(EventSerdes.enrollment().serializer())) {
            for (int w = 0; w < customers; w++) {
                EnrollmentEvent event =
                        SyntheticEvents.enrollment(
                                signatures, w, customer(w), references, Instant.now());
                producer.send(new ProducerRecord<>("signature.enrollments", customer(w), event));
            }
        }
    }

    /** Submits {@code count} requests spread over the customers; returns their request ids. */
    List<String> submit(int count, int customers) {
        return submit(count, customers, EventSerdes.request().serializer(), "it");
    }

    /** As above, serialized by {@code values}, request ids starting with {@code prefix}. */
    List<String> submit(
            int count,
            int customers,
            org.apache.kafka.common.serialization.Serializer<VerificationRequest> values,
            String prefix) {
        List<byte[]> images = requestImages(customers);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, VerificationRequest> producer = producer(values)) {
            for (int i = 0; i < count; i++) {
                String id = prefix + "-" + i + "-" + UUID.randomUUID();
                VerificationRequest request =
                        SyntheticEvents.request(
                                id, images.get(i % images.size()), Instant.now(), "it");
                producer.send(
                        new ProducerRecord<>(
                                "signature.requests", customer(i % customers), request));
                ids.add(id);
            }
        }
        return ids;
    }

    /** The images {@link #submit} cycles through. */
    private List<byte[]> requestImages(int customers) {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(png(signatures.genuine(i % customers, 50 + i)));
        }
        return images;
    }

    /**
     * How many images the service embeds for {@link #enrol} and then {@link #submit}: one per
     * image, one more per grey reference (its bitonal view), and one more per grey request of a
     * customer who enrolled a bitonal reference (both then compared as bitonal; docs/topology.md,
     * "Like with like"). The synthetic images are grey, so today that is the requests and twice the
     * references; the count follows the rule so that it stays right for any images.
     */
    int embeddedImages(int customers, int references, int requests) {
        int embedded = 0;
        int[] bitonal = new int[customers];
        for (int w = 0; w < customers; w++) {
            bitonal[w] = bitonalReferences(w, references);
            embedded += 2 * references - bitonal[w];
        }
        List<byte[]> images = requestImages(customers);
        for (int i = 0; i < requests; i++) {
            boolean grey = tone(images.get(i % images.size())) == ImageTone.GREY;
            embedded += grey && bitonal[i % customers] > 0 ? 2 : 1;
        }
        return embedded;
    }

    /** How many of the first {@code references} enrolment images of a writer are bitonal. */
    int bitonalReferences(int writer, int references) {
        int bitonal = 0;
        for (int sample = 0; sample < references; sample++) {
            if (tone(png(signatures.genuine(writer, sample))) == ImageTone.BITONAL) {
                bitonal++;
            }
        }
        return bitonal;
    }

    private static ImageTone tone(byte[] image) {
        return ImageTone.of(ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT));
    }

    /**
     * Publishes {@code value} to the requests topic as it is, the way a careless or broken upstream
     * producer would: no serializer stands between the bytes and the broker.
     */
    void submitRaw(String customer, byte[] value) {
        try (KafkaProducer<String, byte[]> producer =
                producer(new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("signature.requests", customer, value));
        }
    }

    /** A request whose image is {@code image}: for images the service must refuse. */
    static VerificationRequest request(String requestId, byte[] image) {
        return SyntheticEvents.request(requestId, image, Instant.now(), "it");
    }

    /** Reads committed verdicts until {@code expected} arrived or the timeout; returns them all. */
    List<Verdict> readVerdicts(int expected, Duration timeout) {
        return readVerdicts(expected, timeout, Duration.ofSeconds(3));
    }

    /** As above, listening {@code settle} longer after {@code expected} arrived. */
    List<Verdict> readVerdicts(int expected, Duration timeout, Duration settle) {
        return read(
                "signature.verdicts",
                expected,
                timeout,
                settle,
                EventSerdes.verdict().deserializer());
    }

    /** Reads committed values of {@code topic} with {@code values}, as above. */
    <V> List<V> read(
            String topic,
            int expected,
            Duration timeout,
            Duration settle,
            org.apache.kafka.common.serialization.Deserializer<V> values) {
        return records(topic, expected, timeout, settle, values).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    /** Reads committed records of {@code topic} (with their headers), as above. */
    <V> List<ConsumerRecord<String, V>> records(
            String topic,
            int expected,
            Duration timeout,
            Duration settle,
            org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> verdicts = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (verdicts.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    verdicts.add(record);
                }
            }
            // Anything extra (a duplicate) would arrive right after: keep listening a little.
            Instant settled = Instant.now().plus(settle);
            while (Instant.now().isBefore(settled)) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    verdicts.add(record);
                }
            }
        }
        return verdicts;
    }

    private <V> KafkaProducer<String, V> producer(
            org.apache.kafka.common.serialization.Serializer<V> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    static byte[] png(BufferedImage image) {
        return SyntheticEvents.png(image);
    }
}
