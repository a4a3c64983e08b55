package io.storagesession.mediastore.dash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An MPD as the tests read it: parsed as namespace-aware XML with DTDs refused, and checked against the structure
 * ISO/IEC 23009-1 gives it (the MPD schema's element order and required attributes, §5.3 and §5.4 for static and
 * dynamic presentations, §5.3.9.6 for SegmentTimeline) — an assertion fails on anything out of place.
 */
final class Mpd {
    static final String NAMESPACE = "urn:mpeg:dash:schema:mpd:2011";
    static final String LIVE_PROFILE = "urn:mpeg:dash:profile:isoff-live:2011";

    /** One S element (no @r: every fragment has its own). */
    record Segment(long t, long d, String kvsTimestamp, String kvsFragmentNumber) {
    }

    /** One AdaptationSet, its SegmentTemplate and its one Representation. */
    record Adaptation(String contentType, String mimeType, String codecs, long bandwidth, String width, String height,
                      String audioSamplingRate, String channels, long timescale, long presentationTimeOffset,
                      String initialization, String media, List<Segment> segments) {
        URI init(URI manifest) {
            return manifest.resolve(initialization);
        }

        URI media(URI manifest, Segment s) {
            return manifest.resolve(media.replace("$Time$", String.valueOf(s.t())));
        }

        long end() {
            Segment last = segments.get(segments.size() - 1);
            return last.t() + last.d();
        }
    }

    final Element root;
    final String type;
    final List<Adaptation> adaptations = new ArrayList<>();

    private Mpd(Element root) {
        this.root = root;
        this.type = root.getAttribute("type");
    }

    Adaptation of(String contentType) {
        return adaptations.stream().filter(a -> a.contentType().equals(contentType)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + contentType + " AdaptationSet"));
    }

    String attribute(String name) {
        return root.getAttribute(name);
    }

    static Mpd parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(NAMESPACE);
        assertThat(root.getLocalName()).isEqualTo("MPD");
        Mpd mpd = new Mpd(root);
        mpd.validate();
        return mpd;
    }

    private void validate() {
        assertThat(List.of(root.getAttribute("profiles").split(","))).contains(LIVE_PROFILE);
        assertThat(type).isIn("static", "dynamic");
        duration(root, "minBufferTime");
        if (type.equals("static")) {
            duration(root, "mediaPresentationDuration");
        } else {
            dateTime(root, "availabilityStartTime");
            dateTime(root, "publishTime");
            assertThat(root.hasAttribute("minimumUpdatePeriod") || root.hasAttribute("mediaPresentationDuration"))
                    .as("a dynamic MPD either updates or ends").isTrue();
        }
        List<Element> children = children(root, null);
        List<Element> periods = children(root, "Period");
        assertThat(periods).as("one Period").hasSize(1);
        // schema order: ..., Period, Metrics, EssentialProperty, SupplementalProperty, UTCTiming
        assertThat(children.indexOf(periods.get(0))).as("Period before UTCTiming").isLessThan(
                children.stream().filter(e -> e.getLocalName().equals("UTCTiming")).map(children::indexOf)
                        .findFirst().orElse(Integer.MAX_VALUE));
        Element period = periods.get(0);
        if (type.equals("dynamic")) {
            assertThat(period.getAttribute("id")).as("Period@id is required in a dynamic MPD").isNotEmpty();
        }
        for (Element set : children(period, "AdaptationSet")) {
            adaptations.add(adaptation(set));
        }
        assertThat(adaptations).isNotEmpty();
    }

    private static Adaptation adaptation(Element set) {
        List<Element> order = children(set, null);
        List<Element> templates = children(set, "SegmentTemplate");
        List<Element> representations = children(set, "Representation");
        assertThat(templates).as("one SegmentTemplate per AdaptationSet").hasSize(1);
        assertThat(representations).hasSize(1);
        Element template = templates.get(0);
        Element representation = representations.get(0);
        List<Element> channels = children(set, "AudioChannelConfiguration");
        for (Element c : channels) {
            assertThat(order.indexOf(c)).as("AudioChannelConfiguration before SegmentTemplate")
                    .isLessThan(order.indexOf(template));
        }
        assertThat(order.indexOf(template)).as("SegmentTemplate before Representation")
                .isLessThan(order.indexOf(representation));
        assertThat(set.getAttribute("mimeType")).isIn("video/mp4", "audio/mp4");
        long timescale = Long.parseLong(template.getAttribute("timescale"));
        assertThat(timescale).isPositive();
        assertThat(template.getAttribute("initialization")).isNotEmpty();
        assertThat(template.getAttribute("media")).contains("$Time$");
        List<Element> timelines = children(template, "SegmentTimeline");
        assertThat(timelines).hasSize(1);
        List<Segment> segments = new ArrayList<>();
        for (Element s : children(timelines.get(0), "S")) {
            assertThat(s.hasAttribute("r")).isFalse();
            segments.add(new Segment(Long.parseLong(s.getAttribute("t")), Long.parseLong(s.getAttribute("d")),
                    s.hasAttribute("kvs:ts") ? s.getAttribute("kvs:ts") : null,
                    s.hasAttribute("kvs:fn") ? s.getAttribute("kvs:fn") : null));
        }
        assertThat(segments).isNotEmpty();
        for (int i = 0; i < segments.size(); i++) {
            assertThat(segments.get(i).d()).isPositive();
            if (i > 0) {
                Segment previous = segments.get(i - 1);
                assertThat(segments.get(i).t()).as("a contiguous timeline: each segment starts where the last ended")
                        .isEqualTo(previous.t() + previous.d());
            }
        }
        assertThat(representation.getAttribute("id")).isNotEmpty();
        long bandwidth = Long.parseLong(representation.getAttribute("bandwidth"));
        assertThat(bandwidth).isPositive();
        String pto = template.getAttribute("presentationTimeOffset");
        return new Adaptation(set.getAttribute("contentType"), set.getAttribute("mimeType"),
                representation.getAttribute("codecs"), bandwidth, representation.getAttribute("width"),
                representation.getAttribute("height"), representation.getAttribute("audioSamplingRate"),
                channels.isEmpty() ? null : channels.get(0).getAttribute("value"), timescale,
                pto.isEmpty() ? 0 : Long.parseLong(pto), template.getAttribute("initialization"),
                template.getAttribute("media"), segments);
    }

    /** An xs:duration attribute, in milliseconds. */
    static long duration(Element e, String name) {
        assertThat(e.hasAttribute(name)).as(name).isTrue();
        try {
            return DatatypeFactory.newInstance().newDuration(e.getAttribute(name)).getTimeInMillis(new Date(0));
        } catch (DatatypeConfigurationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    long duration(String name) {
        return duration(root, name);
    }

    private static void dateTime(Element e, String name) {
        assertThat(e.hasAttribute(name)).as(name).isTrue();
        Instant.parse(e.getAttribute(name));
    }

    /** Element children in the MPD namespace, all of them or those named {@code localName}. */
    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                assertThat(e.getNamespaceURI()).as("element " + e.getTagName()).isEqualTo(NAMESPACE);
                if (localName == null || localName.equals(e.getLocalName())) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
