package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module layout docs/architecture.md draws, held against the reactor itself: the SFU, the mixer and the recorder
 * plug into the media seam and never depend — directly or through another module — on the WebRTC transport or the
 * KVS API platform; the seam depends on nothing but the packet readers; and each module {@code x} holds the package
 * {@code io.storagesession.x} and nothing else. Reads the poms and sources of the checkout the build runs in.
 */
class ModuleBoundariesTest {
    private static final String GROUP = "io.storagesession";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.storagesession\\.(\\w+)\\.",
            Pattern.MULTILINE);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theMediaPlugInsNeverReachTheTransportOrTheApi() throws Exception {
        Map<String, Set<String>> graph = dependencyGraph();
        for (String plugIn : List.of("sfu", "mixer", "recorder", "media")) {
            assertThat(reachable(graph, plugIn)).as("the modules %s depends on (compile and runtime)", plugIn)
                    .doesNotContain("webrtc", "api", "turn", "server");
        }
        assertThat(reachable(graph, "media")).as("the seam").containsOnly("codecs");
        assertThat(reachable(graph, "codecs")).as("the packet readers and codecs").isEmpty();
        assertThat(reachable(graph, "metrics")).isEmpty();
    }

    @Test
    void thePlugInsSourcesImportNeitherTheTransportNorTheApi() throws IOException {
        for (String plugIn : List.of("sfu", "mixer", "recorder", "media")) {
            for (Path source : sources(ROOT.resolve(plugIn).resolve("src/main/java"))) {
                Matcher imports = IMPORT.matcher(Files.readString(source));
                while (imports.find()) {
                    assertThat(imports.group(1)).as("%s imports", ROOT.relativize(source))
                            .isNotIn("webrtc", "api", "turn", "server");
                }
            }
        }
    }

    @Test
    void eachModuleHoldsThePackageOfItsName() throws Exception {
        for (String module : modules(ROOT)) {
            String expected = GROUP + "." + module;
            for (String tree : List.of("src/main/java", "src/test/java")) {
                for (Path source : sources(ROOT.resolve(module).resolve(tree))) {
                    Matcher declared = PACKAGE.matcher(Files.readString(source));
                    assertThat(declared.find()).as("%s declares a package", source).isTrue();
                    assertThat(declared.group(1)).as("the package of %s", ROOT.relativize(source))
                            .satisfiesAnyOf(p -> assertThat(p).isEqualTo(expected),
                                    p -> assertThat(p).startsWith(expected + "."));
                }
            }
        }
    }

    /** Module → the modules of this reactor it depends on in compile or runtime scope (test scope left out). */
    private static Map<String, Set<String>> dependencyGraph() throws Exception {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        for (String module : modules(ROOT)) {
            Element project = pom(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            Set<String> uses = new LinkedHashSet<>();
            NodeList dependencies = project.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String scope = text(dependency, "scope");
                if (GROUP.equals(text(dependency, "groupId")) && !"test".equals(scope)) {
                    uses.add(text(dependency, "artifactId"));
                }
            }
            graph.put(module, uses);
        }
        assertThat(graph).containsKeys("sfu", "mixer", "recorder", "media", "webrtc", "api", "codecs", "metrics");
        return graph;
    }

    private static Set<String> reachable(Map<String, Set<String>> graph, String from) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(graph.getOrDefault(from, Set.of()));
        while (!next.isEmpty()) {
            String module = next.pop();
            if (seen.add(module)) {
                next.addAll(graph.getOrDefault(module, Set.of()));
            }
        }
        return seen;
    }

    private static List<String> modules(Path root) throws Exception {
        NodeList names = pom(root.resolve("pom.xml")).getDocumentElement().getElementsByTagName("module");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < names.getLength(); i++) {
            modules.add(names.item(i).getTextContent().strip());
        }
        return modules;
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    private static List<Path> sources(Path tree) throws IOException {
        if (!Files.isDirectory(tree)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
