package io.storagesession.server;

import com.typesafe.config.Config;

/**
 * Entry point of {@code java -jar server/target/storage-session-server.jar}: reads flags and configuration, starts
 * the server, prints where it listens and, on the first start, the generated credentials (once).
 */
public final class Main {
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_FAILURE = 1;

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine;
        Config config;
        try {
            commandLine = CommandLine.parse(args);
            if (commandLine.help()) {
                System.out.print(CommandLine.usage());
                return;
            }
            config = ServerConfig.load(commandLine);
        } catch (RuntimeException e) {
            System.err.println("storage-session-server: " + e.getMessage());
            System.err.print(CommandLine.usage());
            System.exit(EXIT_USAGE);
            return;
        }
        try {
            StorageSessionServer server = StorageSessionServer.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
            printBanner(server);
        } catch (Exception e) {
            System.err.println("storage-session-server failed to start: " + e);
            System.exit(EXIT_FAILURE);
        }
    }

    private static void printBanner(StorageSessionServer server) {
        AccessKeys.Loaded creds = server.credentials();
        StringBuilder b = new StringBuilder();
        b.append("storage-session-server ready at ").append(server.publicUrl()).append('\n');
        if (server.turnPort() > 0) {
            b.append("  TURN on UDP and TCP port ").append(server.turnPort()).append('\n');
        }
        if (server.httpsPort() > 0 && server.httpsPort() == server.turnTlsPort()) {
            b.append("  HTTPS/WSS and TURN over TLS on port ").append(server.httpsPort()).append('\n');
        } else {
            if (server.httpsPort() > 0) {
                b.append("  HTTPS/WSS on port ").append(server.httpsPort()).append('\n');
            }
            if (server.turnTlsPort() > 0) {
                b.append("  TURN over TLS on port ").append(server.turnTlsPort()).append('\n');
            }
        }
        if (creds.generated().isPresent()) {
            b.append("  generated credentials (shown once, saved to ").append(creds.credentialsFile()).append("):\n")
                    .append("    aws_access_key_id     = ").append(creds.generated().get().accessKeyId()).append('\n')
                    .append("    aws_secret_access_key = ").append(creds.generated().get().secretAccessKey()).append('\n');
        } else if (creds.credentialsFile().toFile().isFile()) {
            b.append("  credentials: ").append(creds.credentialsFile()).append('\n');
        }
        b.append("  try: AWS_SHARED_CREDENTIALS_FILE=").append(creds.credentialsFile())
                .append(" aws --region us-west-2 --endpoint-url ").append(server.publicUrl())
                .append(" kinesisvideo list-signaling-channels\n");
        System.out.print(b);
    }
}
