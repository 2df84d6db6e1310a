package io.countersign.streams.demo;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The failover bench's offered load: requests at a fixed rate, and the verdicts that come back. */
final class FailoverLoad {

    private final String bootstrap;
    private final double rate;
    private final List<Workload.Request> templates;
    private final List<EnrollmentEvent> enrollments;
    private final Map<String, long[]> submitted = new ConcurrentHashMap<>();
    private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
    private final Map<String, Integer> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicBoolean done = new AtomicBoolean();
    volatile long killedAt = Long.MAX_VALUE;

    FailoverLoad(String bootstrap, double rate) {
        this.bootstrap = bootstrap;
        this.rate = rate;
        SyntheticWorkload workload = new SyntheticWorkload(7, 8, 3, 3, "fo");
        this.enrollments = workload.enrollments();
        this.templates =
                workload.requests().stream()
                        .filter(r -> r.truth() != Workload.Truth.CORRUPT)
                        .toList();
    }

    void enrolAndWarmUp() throws Exception {
        try (KafkaProducer<String, EnrollmentEvent> producer =
                producer(EventSerdes.enrollment().serializer())) {
            for (EnrollmentEvent e : enrollments) {
                producer.send(new ProducerRecord<>("signature.enrollments", e.getCustomerId(), e));
            }
        }
        Thread.sleep(5_000);
    }

    void send() {
        try (KafkaProducer<String, VerificationRequest> producer =
                producer(EventSerdes.request().serializer())) {
            long start = System.nanoTime();
            for (int i = 0; !stop.get(); i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Workload.Request t = templates.get(i % templates.size());
                String id = "fo-" + i;
                VerificationRequest request =
                        VerificationRequest.newBuilder(t.request())
                                .setRequestId(id)
                                .setSubmittedAt(Instant.now())
                                .build();
                submitted.put(id, new long[] {System.nanoTime()});
                producer.send(
                        new ProducerRecord<>("signature.requests", t.customerId(), request),
                        (metadata, error) -> {
                            if (metadata != null) {
                                partitionOf.put(id, metadata.partition());
                            }
                        });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "failover-bench-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, Verdict> consumer =
                new KafkaConsumer<>(
                        props, new StringDeserializer(), EventSerdes.verdict().deserializer())) {
            consumer.subscribe(List.of("signature.verdicts"));
            while (!done.get()) {
                for (ConsumerRecord<String, Verdict> r : consumer.poll(Duration.ofMillis(50))) {
                    String id = r.value().getRequestId();
                    verdicts.merge(id, 1, Integer::sum);
                    answeredAt.putIfAbsent(id, System.nanoTime());
                }
            }
        }
    }

    /** Whether, for every partition, a request submitted after the kill has its verdict. */
    boolean allPartitionsAnswered() {
        return firstAnswerAfterKillPerPartition().size() == 4;
    }

    Map<Integer, Long> firstAnswerAfterKillPerPartition() {
        Map<Integer, Long> first = new TreeMap<>();
        answeredAt.forEach(
                (id, at) -> {
                    long[] sent = submitted.get(id);
                    Integer partition = partitionOf.get(id);
                    if (sent != null && partition != null && sent[0] >= killedAt) {
                        first.merge(partition, at, Math::min);
                    }
                });
        return first;
    }

    void awaitAll(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!verdicts.keySet().containsAll(submitted.keySet())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000); // a duplicate would come now
    }

    int report(String name) {
        String firstAfterKill =
                submitted.entrySet().stream()
                        .filter(e -> e.getValue()[0] >= killedAt)
                        .min((a, b) -> Long.compare(a.getValue()[0], b.getValue()[0]))
                        .map(Map.Entry::getKey)
                        .orElseThrow();
        Long firstAnswer = answeredAt.get(firstAfterKill);
        Map<Integer, Long> perPartition = firstAnswerAfterKillPerPartition();
        long lost = submitted.keySet().stream().filter(id -> !verdicts.containsKey(id)).count();
        long doubled = verdicts.values().stream().filter(n -> n > 1).count();
        long allPartitions =
                perPartition.size() == 4
                        ? perPartition.values().stream()
                                .mapToLong(Long::longValue)
                                .max()
                                .orElseThrow()
                        : -1;
        System.out.printf(
                "RESULT %-30s first request after the kill answered %s; every partition"
                        + " answering again %s; requests %d, lost %d, doubled %d%n",
                name,
                firstAnswer == null ? "never" : since(firstAnswer),
                allPartitions < 0 ? "never" : since(allPartitions),
                submitted.size(),
                lost,
                doubled);
        return lost == 0 && doubled == 0 ? 0 : 1;
    }

    private String since(long nanos) {
        return String.format("%.1f s after", (nanos - killedAt) / 1e9);
    }

    private <V> KafkaProducer<String, V> producer(
            org.apache.kafka.common.serialization.Serializer<V> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }
}
