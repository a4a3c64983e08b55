package io.storagesession.bench.session.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The server's /metrics text read back by name and labels; malformed lines skipped, never thrown on. */
class MetricsTextTest {
    private static final String SCRAPE = """
            # HELP kvs_webrtc_total_packet_count TotalPacketCount
            # TYPE kvs_webrtc_total_packet_count counter
            kvs_webrtc_total_packet_count{channel="a",role="master"} 100
            kvs_webrtc_total_packet_count{channel="b",role="master"} 50.5
            kvs_webrtc_total_packet_count{channel="a",role="viewer"} 7
            kvs_storage_sessions 2
            kvs_storage_session_connect_seconds_count{role="viewer"} 3 1700000000000
            weird{label="with \\"quotes\\", commas and spaces",role="master"} 1
            broken{role="master" 5
            novalue{role="master"}
            notanumber 12abc
            """;

    @Test
    void sumsByNameAndLabels() {
        MetricsText m = MetricsText.parse(SCRAPE);
        assertThat(m.sum("kvs_webrtc_total_packet_count", "role", "master")).isEqualTo(150.5);
        assertThat(m.sum("kvs_webrtc_total_packet_count")).isEqualTo(157.5);
        assertThat(m.sum("kvs_storage_sessions")).isEqualTo(2);
        assertThat(m.sum("kvs_storage_session_connect_seconds_count", "role", "viewer")).isEqualTo(3);
        assertThat(m.sum("weird", "label", "with \"quotes\", commas and spaces")).isEqualTo(1);
        assertThat(m.sum("broken")).isZero();
        assertThat(m.sum("novalue")).isZero();
        assertThat(m.sum("notanumber")).isZero();
    }

    @Test
    void hostileTextNeverThrows() {
        Random random = new Random(7);
        String alphabet = "ab_{}=\",\\ \n#0.9e+-";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < random.nextInt(60); i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            MetricsText.parse(s.toString()).sum("a", "b", "c");
        }
    }
}
