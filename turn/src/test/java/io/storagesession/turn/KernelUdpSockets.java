package io.storagesession.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 UDP sockets the kernel holds on one local port, read from /proc/net/udp: what a test sees of sockets that
 * the TURN server opened and closed, whatever the Java objects say.
 */
final class KernelUdpSockets {
    private static final Path TABLE = Path.of("/proc/net/udp");
    /** {@code st} of a connected UDP socket (TCP_ESTABLISHED). */
    private static final int ESTABLISHED = 1;
    private static final int HEX = 16;

    private KernelUdpSockets() {
    }

    /** Sockets bound to {@code port}, connected or not. */
    static int count(int port) throws IOException {
        return entries(port, false).size();
    }

    /** The remote addresses of the sockets on {@code port} that are connected. */
    static List<InetSocketAddress> connected(int port) throws IOException {
        return entries(port, true);
    }

    private static List<InetSocketAddress> entries(int port, boolean connectedOnly) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(TABLE);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            InetSocketAddress local = address(f[1]);
            boolean connected = Integer.parseInt(f[3], HEX) == ESTABLISHED;
            if (local.getPort() == port && (connected || !connectedOnly)) {
                out.add(address(f[2]));
            }
        }
        return out;
    }

    /** "0100007F:1F90": the address as the kernel's 32-bit word in native byte order, then the port, in hex. */
    private static InetSocketAddress address(String field) throws IOException {
        String[] parts = field.split(":");
        int word = (int) Long.parseLong(parts[0], HEX);
        byte[] ip = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(0, word).array();
        return new InetSocketAddress(InetAddress.getByAddress(ip), Integer.parseInt(parts[1], HEX));
    }
}
