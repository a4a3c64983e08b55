package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void flagsOverrideTheConfigFileWhichOverridesReferenceConf() throws Exception {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "server { http-port = 9000, region = eu-west-1, data-dir = /tmp/x }");
        Config c = ServerConfig.load(CommandLine.parse("--config", file.toString(), "--http-port=9100", "--turn-port", "4000"));
        ServerSettings s = ServerSettings.from(c);
        assertThat(s.httpPort()).isEqualTo(9100);
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.turnPort()).isEqualTo(4000);
        assertThat(s.httpsPort()).isZero();
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void derivesThePublicUrlFromTheListenAddress() {
        ServerSettings wildcard = ServerSettings.from(ServerConfig.load(CommandLine.parse()));
        assertThat(wildcard.publicUrl(8080)).isEqualTo("http://127.0.0.1:8080");
        ServerSettings explicit = ServerSettings.from(ServerConfig.load(
                CommandLine.parse("--public-url", "https://media.example.com", "--host", "10.1.2.3")));
        assertThat(explicit.publicUrl(8080)).isEqualTo("https://media.example.com");
        assertThat(explicit.publicHost()).isEqualTo("media.example.com");
    }

    @Test
    void rejectsUnknownFlagsAndMissingValues() {
        assertThatThrownBy(() -> CommandLine.parse("--port", "1")).hasMessageContaining("unknown option --port");
        assertThatThrownBy(() -> CommandLine.parse("--http-port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ServerConfig.load(CommandLine.parse("--config", dir.resolve("none").toString())))
                .hasMessageContaining("config file not found");
        assertThat(CommandLine.parse("--help").help()).isTrue();
    }
}
