package io.countersign.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.config.ServiceConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

    private static final String MODEL = Path.of("..", "models", "signet-s-synthetic").toString();

    private static ServiceConfig config(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("model.dir", MODEL);
        return ServiceConfig.of(all);
    }

    @Test
    void onKubernetesTheInstanceIsNamedAfterItsPod() {
        // Given the default (auto) in a StatefulSet pod
        Map<String, String> pod =
                Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "HOSTNAME", "countersign-2");

        // Then the pod name, stable across restarts, names the member
        assertThat(GroupMembership.instanceId(config(Map.of()), pod))
                .contains("countersign-countersign-2");
    }

    @Test
    void elsewhereTheStateDirectoryTellsInstancesApartAndARestartKeepsItsName() {
        ServiceConfig first = config(Map.of("state.dir", "/var/tmp/a"));
        ServiceConfig second = config(Map.of("state.dir", "/var/tmp/b"));

        assertThat(GroupMembership.instanceId(first, Map.of()))
                .isEqualTo(GroupMembership.instanceId(first, Map.of()))
                .isNotEqualTo(GroupMembership.instanceId(second, Map.of()));
        assertThat(GroupMembership.instanceId(first, Map.of()).orElseThrow())
                .matches("countersign-.+-[0-9a-f]{8}");
    }

    @Test
    void noneMeansDynamicMembershipAndANameIsTakenAsItIs() {
        assertThat(
                        GroupMembership.instanceId(
                                config(Map.of("group.instance-id", "none")), Map.of()))
                .isEmpty();
        assertThat(
                        GroupMembership.instanceId(
                                config(Map.of("group.instance-id", "teller-7")), Map.of()))
                .contains("teller-7");
    }

    @Test
    void theMainConsumersGetTheSessionAndHeartbeat() {
        var props =
                GroupMembership.consumerProperties(
                        config(
                                Map.of(
                                        "group.session-timeout-ms", "6000",
                                        "group.heartbeat-interval-ms", "1500")),
                        Map.of());

        assertThat(props)
                .containsEntry("main.consumer.session.timeout.ms", 6000)
                .containsEntry("main.consumer.heartbeat.interval.ms", 1500)
                .containsKey("main.consumer.group.instance.id");
    }

    @Test
    void standbysAreSpreadOverHostsWhenTheInstanceKnowsItsHost() {
        var tagged =
                GroupMembership.consumerProperties(
                        config(Map.of("instance.host", "node-a")), Map.of());
        var untagged = GroupMembership.consumerProperties(config(Map.of()), Map.of());

        assertThat(tagged)
                .containsEntry("client.tag.host", "node-a")
                .containsEntry("rack.aware.assignment.tags", "host");
        assertThat(untagged).doesNotContainKey("rack.aware.assignment.tags");
    }
}
