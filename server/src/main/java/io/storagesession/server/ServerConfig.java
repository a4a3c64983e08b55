package io.storagesession.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads the one configuration tree: {@code -D} system properties, then command-line flags, then the
 * {@code --config} file, then every module's {@code reference.conf} (where each key is documented).
 */
public final class ServerConfig {
    private ServerConfig() {
    }

    public static Config load(CommandLine commandLine) {
        Config file = ConfigFactory.empty();
        if (commandLine.configFile() != null) {
            if (!commandLine.configFile().toFile().isFile()) {
                throw new IllegalArgumentException("config file not found: " + commandLine.configFile());
            }
            file = ConfigFactory.parseFile(commandLine.configFile().toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false));
        }
        Map<String, Object> flags = new HashMap<>(commandLine.overrides());
        ConfigFactory.invalidateCaches();
        return ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseMap(flags, "command line"))
                .withFallback(file)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }
}
