package io.countersign.streams.cli;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.ReferenceImage;
import io.countersign.schemas.serde.EventFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code countersign enroll}: publishes reference sets, or a tombstone that erases a customer. */
@Command(
        name = "enroll",
        mixinStandardHelpOptions = true,
        description = {
            "Publish EnrollmentEvents to signature.enrollments: one per writer folder of DIR (the"
                    + " synth / sign_data layout; NNN_forg folders are skipped), or one for --customer"
                    + " with the given image files. --delete ID publishes a tombstone (erasure)."
        })
final class EnrollCommand implements Callable<Integer> {

    static final class Source {
        @Option(
                names = "--dir",
                description = "folder of writer folders; the folder name is the customer id")
        Path dir;

        @Option(names = "--customer", description = "customer id for the FILEs")
        String customer;

        @Option(names = "--delete", paramLabel = "ID", description = "erase this customer")
        String delete;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Parameters(
            paramLabel = "FILE",
            arity = "0..*",
            description = "reference images for --customer")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--references",
            defaultValue = "5",
            description = "references per writer folder (default ${DEFAULT-VALUE})")
    int references;

    @Option(
            names = "--topic",
            defaultValue = "signature.enrollments",
            description = "default ${DEFAULT-VALUE}")
    String topic;

    @Mixin KafkaOptions kafka;

    @Mixin RegistryOptions registry;

    @Override
    public Integer call() throws IOException {
        try (KafkaProducer<String, EnrollmentEvent> producer = producer()) {
            if (source.delete != null) {
                producer.send(new ProducerRecord<>(topic, source.delete, null));
                System.out.println("Published a tombstone: the customer will be erased");
                return 0;
            }
            List<EnrollmentEvent> events = new ArrayList<>();
            if (source.customer != null) {
                if (files.isEmpty()) {
                    throw new IllegalArgumentException("--customer needs at least one image FILE");
                }
                events.add(event(source.customer, files));
            } else {
                for (Path writer : writerFolders(source.dir)) {
                    List<Path> images = Images.in(writer);
                    if (!images.isEmpty()) {
                        events.add(
                                event(
                                        writer.getFileName().toString(),
                                        images.subList(0, Math.min(references, images.size()))));
                    }
                }
            }
            events.forEach(e -> producer.send(new ProducerRecord<>(topic, e.getCustomerId(), e)));
            producer.flush();
            System.out.printf("Published %d enrolments to %s%n", events.size(), topic);
            return 0;
        }
    }

    private static List<Path> writerFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dir " + dir + " is not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().endsWith("_forg"))
                    .sorted()
                    .toList();
        }
    }

    private static EnrollmentEvent event(String customer, List<Path> images) {
        List<ReferenceImage> references = new ArrayList<>();
        for (Path image : images) {
            references.add(
                    ReferenceImage.newBuilder()
                            .setReferenceId(image.getFileName().toString())
                            .setImage(Images.read(image))
                            .setContentType(Images.contentType(image))
                            .build());
        }
        return EnrollmentEvent.newBuilder()
                .setCustomerId(customer)
                .setReferences(references)
                .setEnrolledAt(Instant.now())
                .build();
    }

    private KafkaProducer<String, EnrollmentEvent> producer() {
        Properties props = kafka.properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(
                props, new StringSerializer(), formats().enrollment().serializer());
    }

    private EventFormats formats() {
        return registry.formats(kafka.config);
    }
}
