package io.countersign.streams.demo;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventSerdes;
import io.countersign.streams.app.CountersignService;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.topology.TopologySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Publishes the demo workload through real Kafka clients and collects what comes back. */
final class DemoRun {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final CountersignService service;
    private final DemoWorkload workload;
    private final TopologySettings.TopicNames topics;
    private final double requestsPerSecond;

    /** Offers all requests at once. */
    DemoRun(CountersignService service, DemoWorkload workload) {
        this(service, workload, 0);
    }

    /** Offers the requests at {@code requestsPerSecond} (0: all at once). */
    DemoRun(CountersignService service, DemoWorkload workload, double requestsPerSecond) {
        this.service = service;
        this.workload = workload;
        this.topics = service.settings().topics();
        this.requestsPerSecond = requestsPerSecond;
    }

    DemoReport run() throws InterruptedException {
        List<EnrollmentEvent> enrollments = workload.enrollments();
        List<DemoWorkload.Request> requests = workload.requests();
        try (KafkaProducer<String, EnrollmentEvent> enrol =
                        producer(EventSerdes.enrollment().serializer());
                KafkaProducer<String, VerificationRequest> submit =
                        producer(EventSerdes.request().serializer());
                KafkaConsumer<byte[], byte[]> outputs = outputConsumer()) {
            System.out.printf("Enrolling %d synthetic customers...%n", enrollments.size());
            for (EnrollmentEvent event : enrollments) {
                enrol.send(
                        new ProducerRecord<>(topics.enrollments(), event.getCustomerId(), event));
            }
            enrol.flush();
            awaitEnrolled(enrollments.size());
            System.out.printf(
                    "Streaming %d verification requests (genuine, skilled and random forgeries,"
                            + " an unknown customer, a corrupt image)...%n",
                    requests.size());
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            Map<String, DemoWorkload.Request> byId = new HashMap<>();
            Map<String, Instant> submitted = new HashMap<>();
            for (int i = 0; i < requests.size(); i++) {
                DemoWorkload.Request r = requests.get(i);
                if (requestsPerSecond > 0) {
                    // An open-loop load: each request leaves on its schedule whatever came back.
                    long due = startNanos + (long) (i * 1e9 / requestsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                VerificationRequest stamped =
                        VerificationRequest.newBuilder(r.request())
                                .setSubmittedAt(Instant.now())
                                .build();
                byId.put(stamped.getRequestId(), r);
                submitted.put(stamped.getRequestId(), stamped.getSubmittedAt());
                submit.send(new ProducerRecord<>(topics.requests(), r.customerId(), stamped));
            }
            submit.flush();
            return collect(outputs, byId, submitted, start);
        }
    }

    /**
     * Reads verdicts and dead letters with one read_committed consumer, so a verdict counts when a
     * downstream consumer could first read it: its visible latency runs from submission to here.
     */
    private DemoReport collect(
            KafkaConsumer<byte[], byte[]> outputs,
            Map<String, DemoWorkload.Request> byId,
            Map<String, Instant> submitted,
            Instant start) {
        DemoReport report = new DemoReport();
        long expectedVerdicts =
                byId.values().stream().filter(r -> r.truth() != DemoWorkload.Truth.CORRUPT).count();
        long expectedDead = byId.size() - expectedVerdicts;
        Instant deadline = Instant.now().plus(TIMEOUT);
        Deserializer<Verdict> verdictReader = EventSerdes.verdict().deserializer();
        while ((report.verdicts() < expectedVerdicts || report.deadLetters() < expectedDead)
                && Instant.now().isBefore(deadline)) {
            ConsumerRecords<byte[], byte[]> records = outputs.poll(Duration.ofMillis(200));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.topic().equals(topics.verdicts())) {
                    Verdict verdict = verdictReader.deserialize(record.topic(), record.value());
                    DemoWorkload.Request request = byId.get(verdict.getRequestId());
                    if (request != null) {
                        long visible = now - submitted.get(verdict.getRequestId()).toEpochMilli();
                        report.add(request.truth(), verdict, visible);
                    }
                } else if (ours(record, byId)) {
                    report.addDeadLetter(record.headers());
                }
            }
            System.out.printf(
                    "\r  verdicts %d/%d, dead letters %d/%d   ",
                    report.verdicts(), expectedVerdicts, report.deadLetters(), expectedDead);
        }
        System.out.println();
        report.finish(Duration.between(start, Instant.now()), expectedVerdicts, expectedDead);
        return report;
    }

    /** Whether a dead letter is one of this run's requests (an earlier run's may be there too). */
    private boolean ours(
            ConsumerRecord<byte[], byte[]> deadLetter, Map<String, DemoWorkload.Request> byId) {
        try {
            VerificationRequest request =
                    EventSerdes.request()
                            .deserializer()
                            .deserialize(topics.requests(), deadLetter.value());
            return request != null && byId.containsKey(request.getRequestId());
        } catch (RuntimeException notARequest) {
            return false;
        }
    }

    private void awaitEnrolled(int customers) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        long enrolled = 0;
        while (Instant.now().isBefore(deadline)) {
            try {
                ReadOnlyKeyValueStore<String, ReferenceSet> store =
                        service.streams()
                                .store(
                                        StoreQueryParameters.fromNameAndType(
                                                service.settings().stores().references(),
                                                QueryableStoreTypes
                                                        .<String, ReferenceSet>keyValueStore()));
                enrolled = store.approximateNumEntries();
                try (var all = store.all()) {
                    enrolled = 0;
                    while (all.hasNext()) {
                        all.next();
                        enrolled++;
                    }
                }
            } catch (RuntimeException storeNotReadyYet) {
                enrolled = 0;
            }
            System.out.printf("\r  enrolled %d/%d   ", enrolled, customers);
            if (enrolled >= customers) {
                System.out.println();
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "only " + enrolled + " of " + customers + " customers were enrolled in time");
    }

    private <V> KafkaProducer<String, V> producer(
            org.apache.kafka.common.serialization.Serializer<V> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private KafkaConsumer<byte[], byte[]> outputConsumer() {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        consumerProps("countersign-demo-outputs"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.verdicts(), topics.requestsDlq()));
        return consumer;
    }

    private Properties consumerProps(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
