package io.storagesession.it;

import io.storagesession.codecs.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * coturn's TURN client, {@code turnutils_uclient}, as a judge of a TURN server: two clients allocate with the given
 * REST credentials and relay 20 messages each to one another ({@code -y}); its report says how many were lost.
 */
final class Uclient {
    private static final long TIMEOUT_SECONDS = 30;

    /** How the client reaches the server. */
    enum Transport {
        UDP, TCP,
        /** TCP with TLS ({@code -t -S}): what the KVS C SDK does for any TCP TURN URI. */
        TLS
    }

    private Uclient() {
    }

    /** The path of turnutils_uclient; skips the test (or fails it under -Dexternal.required=true) when missing. */
    static Path require() {
        return ExternalTool.require("turnutils_uclient", "apt-get install coturn");
    }

    /** Runs the client against host:port and returns its report (stdout and stderr). */
    static String run(Path uclient, String host, int port, String user, String password, Transport transport)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(uclient.toString(), "-u", user, "-w", password, "-p",
                Integer.toString(port), "-y", "-c", "-n", "20", "-l", "1000", "-m", "2"));
        if (transport != Transport.UDP) {
            command.add("-t");
        }
        if (transport == Transport.TLS) {
            command.add("-S");
        }
        command.add(host);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** True when the report says every message came back. */
    static boolean lossless(String report) {
        return report.contains("Total lost packets 0 (0.000000%)") && report.contains("tot_send_msgs=40, tot_recv_msgs=40");
    }
}
