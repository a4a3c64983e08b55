package io.storagesession.server;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * The server's own settings ({@code server} in reference.conf).
 *
 * @param httpsPort 0 when HTTPS/WSS is off
 * @param publicUrl the base URL put in returned endpoints; empty to derive it from the listen address
 */
public record ServerSettings(String host, int httpPort, int httpsPort, Path dataDir, String region, String publicUrl,
                             int turnPort) {
    /** Used in place of a wildcard listen address when deriving the public URL. */
    static final String LOOPBACK = "127.0.0.1";

    public static ServerSettings from(Config config) {
        Config c = config.getConfig("server");
        return new ServerSettings(c.getString("host"), c.getInt("http-port"), c.getInt("https-port"),
                Path.of(c.getString("data-dir")), c.getString("region"), c.getString("public-url"),
                c.getInt("turn.port"));
    }

    /** The configured public URL, or {@code http://<listen address>:<bound port>} (loopback for a wildcard). */
    public String publicUrl(int boundHttpPort) {
        if (!publicUrl.isBlank()) {
            return publicUrl;
        }
        return "http://" + publicHost() + ":" + boundHttpPort;
    }

    /**
     * Where the server reaches its own plain-HTTP listener: {@code http://<listen address>:<bound port>}, loopback for
     * a wildcard. Parts that call the server's own APIs (the recorder's PutMedia to the local store) use it, so that
     * neither the public URL's certificate nor its address can cut the server off from itself.
     */
    public String localUrl(int boundHttpPort) {
        String listen = reachableListenHost();
        return "http://" + (listen.contains(":") ? "[" + listen + "]" : listen) + ":" + boundHttpPort;
    }

    /** The host clients should use: the public URL's, or the listen address (loopback for a wildcard). */
    public String publicHost() {
        if (!publicUrl.isBlank()) {
            return java.net.URI.create(publicUrl).getHost();
        }
        return reachableListenHost();
    }

    /** The listen address as something a client can connect to: loopback for a wildcard. */
    private String reachableListenHost() {
        return host.equals("0.0.0.0") || host.equals("::") ? LOOPBACK : host;
    }
}
