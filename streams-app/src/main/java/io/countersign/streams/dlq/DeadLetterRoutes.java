package io.countersign.streams.dlq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which dead-letter topic each source topic's bad records go to; travels to the exception handlers,
 * which Kafka Streams instantiates itself, as one configuration entry.
 *
 * @param routes source topic to dead-letter topic
 */
public record DeadLetterRoutes(Map<String, String> routes) {

    /** The Streams configuration key the handlers read the routes from. */
    public static final String CONFIG = "countersign.dead-letter.routes";

    public DeadLetterRoutes {
        routes = Map.copyOf(routes);
    }

    /** The dead-letter topic for records read from {@code sourceTopic}, if one is routed. */
    public Optional<String> topicFor(String sourceTopic) {
        return Optional.ofNullable(sourceTopic).map(routes::get);
    }

    /** The form the configuration entry takes: {@code source=dlq,source=dlq}. */
    public String format() {
        return routes.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .collect(Collectors.joining(","));
    }

    /** Reads the routes from the handlers' configuration; absent means no routes. */
    public static DeadLetterRoutes fromConfig(Map<String, ?> configs) {
        Object value = configs.get(CONFIG);
        Map<String, String> routes = new LinkedHashMap<>();
        if (value != null && !value.toString().isBlank()) {
            for (String pair : value.toString().split(",")) {
                String[] parts = pair.trim().split("=", 2);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException(
                            CONFIG + " expects source=dlq pairs, got '" + pair + "'");
                }
                routes.put(parts[0].trim(), parts[1].trim());
            }
        }
        return new DeadLetterRoutes(routes);
    }
}
