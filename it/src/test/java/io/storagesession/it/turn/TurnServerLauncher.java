package io.storagesession.it.turn;

/**
 * Starts a fresh TURN server. Each test starts its own and closes it, so tests share no allocations, ports or
 * quotas, and a target that needs a missing program skips (or fails under {@code -Dexternal.required=true}) on its
 * own without affecting the others.
 */
@FunctionalInterface
public interface TurnServerLauncher {
    RunningTurnServer start() throws Exception;
}
