package io.storagesession.bench.turn;

import java.net.InetSocketAddress;
import java.util.OptionalLong;

/**
 * One TURN server to load: where it listens for UDP, the long-term credentials to allocate with, and its process
 * (for CPU accounting; empty to skip it).
 */
public record BenchTarget(String name, InetSocketAddress server, String username, String password,
                          OptionalLong pid) {
}
