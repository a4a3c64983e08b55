package io.storagesession.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few command-line flags a user types, each a shortcut for one configuration key; everything else is set with
 * {@code --config <file>} or {@code -Dkey=value}. Flags win over the config file; {@code -D} system properties win
 * over both.
 */
public final class CommandLine {
    /** Flag → configuration key it sets. */
    static final Map<String, String> FLAGS = Map.of(
            "--http-port", "server.http-port",
            "--https-port", "server.https-port",
            "--data-dir", "server.data-dir",
            "--region", "server.region",
            "--turn-port", "server.turn.port",
            "--public-url", "server.public-url",
            "--host", "server.host");

    private final Map<String, String> overrides;
    private final Path configFile;
    private final boolean help;

    private CommandLine(Map<String, String> overrides, Path configFile, boolean help) {
        this.overrides = overrides;
        this.configFile = configFile;
        this.help = help;
    }

    public static CommandLine parse(String... args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        Path config = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.equals("--config") && !FLAGS.containsKey(arg)) {
                throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                value = args[++i];
            }
            if (arg.equals("--config")) {
                config = Path.of(value);
            } else {
                overrides.put(FLAGS.get(arg), value);
            }
        }
        return new CommandLine(Map.copyOf(overrides), config, help);
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    public Path configFile() {
        return configFile;
    }

    public boolean help() {
        return help;
    }

    public static String usage() {
        return """
                Usage: java -jar storage-session-server.jar [options]
                  --http-port <port>     HTTP port for every API and the signaling WebSocket (default 8080)
                  --https-port <port>    also serve HTTPS/WSS on this port, with a certificate generated
                                         into the data dir on first start (default: off); with the
                                         embedded TURN server it carries TURN over TLS too (as KVS's 443)
                  --host <address>       address to listen on (default 0.0.0.0)
                  --data-dir <dir>       metadata database, credentials, certificate (default ./data)
                  --region <region>      region in ARNs and endpoints (default us-west-2)
                  --turn-port <port>     embedded TURN server port (default 3478)
                  --public-url <url>     base URL returned in endpoints (default from the listen address)
                  --config <file>        HOCON file overriding reference.conf; -Dkey=value overrides all
                """;
    }
}
