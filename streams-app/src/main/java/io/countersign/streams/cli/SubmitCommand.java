package io.countersign.streams.cli;

import io.countersign.events.SignatureRegion;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventFormats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code countersign submit}: publishes verification requests and optionally waits for verdicts.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description =
                "Publish a VerificationRequest per FILE for --customer; --wait prints the verdicts.")
final class SubmitCommand implements Callable<Integer> {

    @Option(names = "--customer", required = true, description = "customer id (the record key)")
    String customer;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "signature images")
    List<Path> files;

    @Option(
            names = "--region",
            paramLabel = "X,Y,W,H",
            description = "signature box on the page, in pixels")
    String region;

    @Option(names = "--wait", description = "wait for the verdicts and print them")
    boolean await;

    @Option(
            names = "--timeout",
            defaultValue = "60",
            description = "seconds to wait (default ${DEFAULT-VALUE})")
    int timeout;

    @Mixin KafkaOptions kafka;

    @Mixin RegistryOptions registry;

    @Override
    public Integer call() {
        SignatureRegion box = parseRegion();
        Set<String> pending = new HashSet<>();
        try (KafkaConsumer<String, Verdict> verdicts = await ? verdictConsumer() : null;
                KafkaProducer<String, VerificationRequest> producer = producer()) {
            for (Path file : files) {
                String id = UUID.randomUUID().toString();
                VerificationRequest request =
                        VerificationRequest.newBuilder()
                                .setRequestId(id)
                                .setDocumentId(file.getFileName().toString())
                                .setImage(Images.read(file))
                                .setContentType(Images.contentType(file))
                                .setRegion(box)
                                .setSubmittedAt(Instant.now())
                                .setSource("countersign-submit")
                                .build();
                producer.send(new ProducerRecord<>("signature.requests", customer, request));
                pending.add(id);
                System.out.printf("Submitted %s as request %s%n", file, id);
            }
            producer.flush();
            if (verdicts != null) {
                return awaitVerdicts(verdicts, pending);
            }
        }
        return 0;
    }

    private int awaitVerdicts(KafkaConsumer<String, Verdict> consumer, Set<String> pending) {
        Instant deadline = Instant.now().plusSeconds(timeout);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, Verdict> record : consumer.poll(Duration.ofMillis(300))) {
                Verdict v = record.value();
                if (pending.remove(v.getRequestId())) {
                    System.out.printf(
                            "%s  %-12s distance %s  threshold %.3f  P(genuine) %s  model %s  %d ms%s%n",
                            v.getDocumentId(),
                            v.getDecision(),
                            v.getDistance() == null ? "-" : String.format("%.3f", v.getDistance()),
                            v.getThreshold(),
                            v.getProbabilityGenuine() == null
                                    ? "-"
                                    : String.format("%.2f", v.getProbabilityGenuine()),
                            v.getModelVersion(),
                            v.getLatencyMillis(),
                            (v.getReason() == null ? "" : "  (" + v.getReason() + ")")
                                    + (Boolean.TRUE.equals(v.getReview()) ? "  review" : ""));
                }
            }
        }
        if (!pending.isEmpty()) {
            System.err.printf(
                    "countersign: no verdict for %d request(s) within %d s: is the service running,"
                            + " and did the image go to signature.requests.dlq?%n",
                    pending.size(), timeout);
            return 1;
        }
        return 0;
    }

    private SignatureRegion parseRegion() {
        if (region == null) {
            return null;
        }
        String[] parts = region.split(",");
        try {
            if (parts.length != 4) {
                throw new NumberFormatException();
            }
            return new SignatureRegion(
                    Integer.parseInt(parts[0].trim()),
                    Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()),
                    Integer.parseInt(parts[3].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--region " + region + " must be X,Y,WIDTH,HEIGHT in pixels");
        }
    }

    private KafkaProducer<String, VerificationRequest> producer() {
        Properties props = kafka.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), formats().request().serializer());
    }

    /** Positioned at the current end of the verdicts topic before anything is submitted. */
    private KafkaConsumer<String, Verdict> verdictConsumer() {
        Properties props = kafka.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, Verdict> consumer =
                new KafkaConsumer<>(
                        props, new StringDeserializer(), formats().verdict().deserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor("signature.verdicts", Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private EventFormats formats() {
        return registry.formats(kafka.config);
    }
}
