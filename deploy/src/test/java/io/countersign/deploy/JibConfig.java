package io.countersign.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The image as streams-app/pom.xml configures jib-maven-plugin, with the POM's properties resolved
 * (optionally those of a profile, such as gpu).
 */
final class JibConfig {

    static final String POM = "streams-app/pom.xml";
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final Element plugin;
    private final Map<String, String> properties;

    private JibConfig(Element plugin, Map<String, String> properties) {
        this.plugin = plugin;
        this.properties = properties;
    }

    /** The configuration with the default properties, then those of {@code profile} if any. */
    static JibConfig load(String profile) {
        Document pom = parse(Repo.path(POM));
        Element project = pom.getDocumentElement();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("project.basedir", Repo.path("streams-app").toString());
        props.put("project.version", text(child(child(project, "parent"), "version")));
        props.put("project.description", text(child(project, "description")));
        readProperties(child(project, "properties"), props);
        if (profile != null) {
            for (Element p : children(child(project, "profiles"), "profile")) {
                if (profile.equals(text(child(p, "id")))) {
                    readProperties(child(p, "properties"), props);
                }
            }
        }
        Element plugin = null;
        for (Element p : children(child(child(project, "build"), "plugins"), "plugin")) {
            if ("jib-maven-plugin".equals(text(child(p, "artifactId")))) {
                plugin = p;
            }
        }
        if (plugin == null) {
            throw new IllegalStateException(POM + " configures no jib-maven-plugin");
        }
        return new JibConfig(plugin, props);
    }

    /** The resolved text at a path under the plugin's configuration, or null. */
    String get(String path) {
        Element e = at(path);
        return e == null ? null : resolve(text(e));
    }

    /** The resolved texts of the children of a path (a list such as container/args). */
    List<String> list(String path) {
        List<String> values = new ArrayList<>();
        Element e = at(path);
        if (e != null) {
            for (Element c : children(e, null)) {
                values.add(resolve(text(c)));
            }
        }
        return values;
    }

    /** The children of a path as name to resolved text (a map such as container/environment). */
    Map<String, String> map(String path) {
        Map<String, String> values = new LinkedHashMap<>();
        Element e = at(path);
        if (e != null) {
            for (Element c : children(e, null)) {
                values.put(c.getTagName(), resolve(text(c)));
            }
        }
        return values;
    }

    /** The extraDirectories paths as (from, into, includes). */
    List<ExtraDirectory> extraDirectories() {
        List<ExtraDirectory> dirs = new ArrayList<>();
        for (Element path : children(at("configuration/extraDirectories/paths"), "path")) {
            String includes = text(child(path, "includes"));
            dirs.add(
                    new ExtraDirectory(
                            Path.of(resolve(text(child(path, "from")))).normalize(),
                            resolve(text(child(path, "into"))),
                            includes == null ? List.of() : List.of(includes.split("\\s*,\\s*"))));
        }
        return dirs;
    }

    /** The extraDirectories permissions as container path to mode. */
    Map<String, String> permissions() {
        Map<String, String> modes = new LinkedHashMap<>();
        for (Element p : children(at("configuration/extraDirectories/permissions"), "permission")) {
            modes.put(text(child(p, "file")), text(child(p, "mode")));
        }
        return modes;
    }

    boolean boundToAPhase() {
        return child(plugin, "executions") != null;
    }

    record ExtraDirectory(Path from, String into, List<String> includes) {}

    private Element at(String path) {
        Element e = plugin;
        for (String step : path.split("/")) {
            e = child(e, step);
            if (e == null) {
                return null;
            }
        }
        return e;
    }

    private String resolve(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = properties.get(m.group(1));
            if (replacement == null) {
                throw new IllegalStateException(POM + " uses ${" + m.group(1) + "}, undefined");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(replacement)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void readProperties(Element properties, Map<String, String> into) {
        if (properties != null) {
            for (Element p : children(properties, null)) {
                into.put(p.getTagName(), text(p));
            }
        }
    }

    private static Document parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }
}
