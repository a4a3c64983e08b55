package io.storagesession.server;

/** Entry point of {@code java -jar server/target/storage-session-server.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("storage-session-server: wiring in progress");
    }
}
