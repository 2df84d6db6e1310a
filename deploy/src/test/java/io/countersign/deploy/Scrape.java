package io.countersign.deploy;

import java.util.Set;
import java.util.TreeSet;

/** The sample names in a Prometheus text-format scrape (histogram series included). */
final class Scrape {

    private Scrape() {}

    static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
