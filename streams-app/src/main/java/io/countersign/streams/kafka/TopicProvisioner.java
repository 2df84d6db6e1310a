package io.countersign.streams.kafka;

import io.countersign.streams.topology.TopologySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics the service needs when they are missing (enrolments compacted, every topic
 * sized for image records) and checks that enrolments and requests are co-partitioned, without
 * which a request could not meet its customer's references in the same task.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    /** How long new topics may take to reach every broker's metadata. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** Creates whichever of the topics are missing. */
    public void createMissing(
            TopologySettings.TopicNames topics, int partitions, short replication, int maxBytes) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            String max = Integer.toString(maxBytes);
            Map<String, Map<String, String>> wanted = new HashMap<>();
            wanted.put(
                    topics.enrollments(),
                    Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            max));
            for (String name :
                    List.of(
                            topics.requests(),
                            topics.verdicts(),
                            topics.requestsDlq(),
                            topics.enrollmentsDlq())) {
                wanted.put(name, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, max));
            }
            List<NewTopic> create = new ArrayList<>();
            wanted.forEach(
                    (name, config) -> {
                        if (!existing.contains(name)) {
                            create.add(new NewTopic(name, partitions, replication).configs(config));
                        }
                    });
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get();
                List<String> created = create.stream().map(NewTopic::name).sorted().toList();
                awaitVisible(created);
                log.info("Created topics {}", created);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create the topics (set topics.create=false to manage them yourself): "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until new topics can be described. The controller acknowledges a creation before every
     * broker's metadata has it, and a check that runs at once can be told the topic does not exist
     * (seen once in BenchIT on the embedded broker: "This server does not host this
     * topic-partition").
     */
    private void awaitVisible(List<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Fails with a clear message when an input topic is missing or the two inputs have different
     * partition counts.
     */
    public void checkCoPartitioned(TopologySettings.TopicNames topics) {
        try {
            Map<String, TopicDescription> described =
                    admin.describeTopics(List.of(topics.enrollments(), topics.requests()))
                            .allTopicNames()
                            .get();
            int enrollments = described.get(topics.enrollments()).partitions().size();
            int requests = described.get(topics.requests()).partitions().size();
            if (enrollments != requests) {
                throw new IllegalStateException(
                        String.format(
                                "topics %s (%d partitions) and %s (%d partitions) must be"
                                        + " co-partitioned: give them the same partition count",
                                topics.enrollments(), enrollments, topics.requests(), requests));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "input topics "
                            + topics.enrollments()
                            + " and "
                            + topics.requests()
                            + " must exist: create them or set topics.create=true ("
                            + e.getCause().getMessage()
                            + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }
}
