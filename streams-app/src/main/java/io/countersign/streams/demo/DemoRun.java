package io.countersign.streams.demo;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventSerdes;
import io.countersign.streams.app.CountersignService;
import io.countersign.streams.topology.TopologySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes the demo workload through real Kafka clients and collects what comes back. */
final class DemoRun {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final CountersignService service;
    private final Workload workload;
    private final TopologySettings.TopicNames topics;
    private final double requestsPerSecond;
    private boolean profiled;
    private Map<String, Double> profile = Map.of();
    private double sendSeconds;
    private double meanImageBytes;

    /** Offers all requests at once. */
    DemoRun(CountersignService service, Workload workload) {
        this(service, workload, 0);
    }

    /** Offers the requests at {@code requestsPerSecond} (0: all at once). */
    DemoRun(CountersignService service, Workload workload, double requestsPerSecond) {
        this.service = service;
        this.workload = workload;
        this.topics = service.settings().topics();
        this.requestsPerSecond = requestsPerSecond;
    }

    /** Samples where the stream threads' time goes while the requests stream (for bench). */
    DemoRun profiled() {
        profiled = true;
        return this;
    }

    /** What {@link StreamThreadProfile} saw during the last run, if {@link #profiled()}. */
    Map<String, Double> profile() {
        return profile;
    }

    /** How long the last run took to send its requests (all acknowledged by the broker). */
    double sendSeconds() {
        return sendSeconds;
    }

    /** The mean size of the last run's images, bytes. */
    double meanImageBytes() {
        return meanImageBytes;
    }

    DemoReport run() throws InterruptedException {
        List<EnrollmentEvent> enrollments = workload.enrollments();
        List<Workload.Request> requests = workload.requests();
        try (KafkaProducer<String, EnrollmentEvent> enrol =
                        producer(EventSerdes.enrollment().serializer());
                KafkaProducer<String, VerificationRequest> submit =
                        producer(EventSerdes.request().serializer())) {
            System.out.printf(
                    "Enrolling %d customers (%s)...%n", enrollments.size(), workload.source());
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
            // Verdicts are read while requests are still being sent, on a thread of their own:
            // a verdict's visible latency ends when a downstream consumer could first read it.
            Collector collector = new Collector(requests);
            Thread reader = new Thread(collector, "demo-verdict-reader");
            reader.start();
            collector.awaitAssigned();
            StreamThreadProfile sampler =
                    profiled ? StreamThreadProfile.start(service.registry()) : null;
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            for (int i = 0; i < requests.size(); i++) {
                Workload.Request r = requests.get(i);
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
                collector.submitted(stamped, r);
                submit.send(new ProducerRecord<>(topics.requests(), r.customerId(), stamped));
            }
            submit.flush();
            meanImageBytes =
                    requests.stream()
                            .mapToInt(r -> r.request().getImage().remaining())
                            .average()
                            .orElse(0);
            sendSeconds = (System.nanoTime() - startNanos) / 1e9;
            reader.join();
            DemoReport report = collector.report(start);
            if (sampler != null) {
                profile = sampler.stop();
            }
            return report;
        }
    }

    /**
     * Reads verdicts and dead letters with one read_committed consumer, so a verdict counts when a
     * downstream consumer could first read it: its visible latency runs from submission to here.
     */
    private final class Collector implements Runnable {

        private final Map<String, Workload.Request> byId = new ConcurrentHashMap<>();
        private final Map<String, Instant> submittedAt = new ConcurrentHashMap<>();
        private final CountDownLatch assigned = new CountDownLatch(1);
        private final DemoReport report = new DemoReport();
        private final long expectedVerdicts;
        private final long expectedDead;
        private volatile RuntimeException failure;

        Collector(List<Workload.Request> requests) {
            expectedVerdicts =
                    requests.stream().filter(r -> r.truth() != Workload.Truth.CORRUPT).count();
            expectedDead = requests.size() - expectedVerdicts;
        }

        /**
         * Whether every request came back, as a verdict or a dead letter: a real scan the service
         * refuses (no ink found, say) is a dead letter where a verdict was expected, and the report
         * shows both counts.
         */
        private boolean allBack() {
            return report.verdicts() + report.deadLetters() >= expectedVerdicts + expectedDead;
        }

        void submitted(VerificationRequest request, Workload.Request truth) {
            submittedAt.put(request.getRequestId(), request.getSubmittedAt());
            byId.put(request.getRequestId(), truth);
        }

        void awaitAssigned() throws InterruptedException {
            if (!assigned.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the verdict consumer got no partitions in time");
            }
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> outputs = outputConsumer()) {
                Instant deadline = Instant.now().plus(TIMEOUT);
                Deserializer<Verdict> verdictReader = EventSerdes.verdict().deserializer();
                while (assigned.getCount() > 0 && Instant.now().isBefore(deadline)) {
                    // Whatever this returns is an earlier run's: nothing was submitted yet.
                    outputs.poll(Duration.ofMillis(50));
                    if (!outputs.assignment().isEmpty()) {
                        // Resolve where it reads from now, not when the first verdict is due.
                        outputs.assignment().forEach(outputs::position);
                        outputs.poll(Duration.ofMillis(50));
                        assigned.countDown();
                    }
                }
                while (!allBack() && Instant.now().isBefore(deadline)) {
                    ConsumerRecords<byte[], byte[]> records = outputs.poll(Duration.ofMillis(200));
                    long now = System.currentTimeMillis();
                    if (!records.isEmpty()) {
                        // A long corpus takes as long as it takes: give up only when it stalls.
                        deadline = Instant.now().plus(TIMEOUT);
                    }
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        if (record.topic().equals(topics.verdicts())) {
                            Verdict verdict =
                                    verdictReader.deserialize(record.topic(), record.value());
                            Workload.Request request = byId.get(verdict.getRequestId());
                            if (request != null) {
                                long visible =
                                        now
                                                - submittedAt
                                                        .get(verdict.getRequestId())
                                                        .toEpochMilli();
                                report.add(request.truth(), verdict, visible);
                            }
                        } else if (ours(record, byId)) {
                            report.addDeadLetter(record.headers());
                        }
                    }
                    System.out.printf(
                            "\r  verdicts %d/%d, dead letters %d/%d   ",
                            report.verdicts(),
                            expectedVerdicts,
                            report.deadLetters(),
                            expectedDead);
                }
                System.out.println();
            } catch (RuntimeException e) {
                failure = e;
                assigned.countDown();
            }
        }

        DemoReport report(Instant start) {
            if (failure != null) {
                throw failure;
            }
            report.finish(Duration.between(start, Instant.now()), expectedVerdicts, expectedDead);
            return report;
        }
    }

    /** Whether a dead letter is one of this run's requests (an earlier run's may be there too). */
    private boolean ours(
            ConsumerRecord<byte[], byte[]> deadLetter, Map<String, Workload.Request> byId) {
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

    /**
     * Waits until the service has processed every enrolment sent: its committed offsets on the
     * enrolments topic reach the topic's end. Counting the store's entries is not enough when the
     * same customers are enrolled again (bench's measured run after its warm-up): they are all
     * there already, while the re-enrolment still occupies the stream threads.
     */
    private void awaitEnrolled(int customers) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, Long> ends = endOffsets(admin, topics.enrollments());
            long processed = 0;
            while (Instant.now().isBefore(deadline)) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(service.applicationId())
                                .partitionsToOffsetAndMetadata()
                                .get();
                processed = 0;
                boolean caughtUp = true;
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    long at = offset == null ? 0 : offset.offset();
                    caughtUp &= at >= end.getValue();
                    processed += at;
                }
                System.out.printf("\r  enrolment records processed %d   ", processed);
                if (caughtUp) {
                    System.out.println();
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(
                    "the service did not process the enrolments of "
                            + customers
                            + " customers in time");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the service's offsets", e.getCause());
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws ExecutionException, InterruptedException {
        int partitions =
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest)
                .all()
                .get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
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
