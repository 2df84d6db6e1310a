package io.countersign.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The PromQL expressions the shipped Grafana dashboard and alert rules run. */
final class QueriedMetrics {

    static final String DASHBOARD = "deploy/grafana/dashboards/countersign.json";
    static final String ALERTS = "deploy/prometheus/alerts.yml";

    private QueriedMetrics() {}

    /** Every target expression of every panel (rows' nested panels included). */
    static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        collectPanels(dashboard().path("panels"), exprs);
        return exprs;
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(Repo.read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectPanels(JsonNode panels, List<String> exprs) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    exprs.add(target.get("expr").asText());
                }
            }
            collectPanels(panel.path("panels"), exprs);
        }
    }

    /** Every rule of alerts.yml, alerting and recording. */
    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : Yaml.list(Yaml.document(ALERTS), "groups")) {
            for (Object rule : Yaml.list(group, "rules")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) rule;
                rules.add(map);
            }
        }
        return rules;
    }

    /** Metric names the dashboard and the rules read, minus those the rules record. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        Set<String> recorded = new TreeSet<>();
        dashboardExpressions().forEach(e -> names.addAll(PromQl.metricNames(e)));
        for (Map<String, Object> rule : rules()) {
            names.addAll(PromQl.metricNames(String.valueOf(rule.get("expr"))));
            if (rule.get("record") != null) {
                recorded.add(rule.get("record").toString());
            }
        }
        names.removeAll(recorded);
        return names;
    }
}
