package io.storagesession.webrtc.testing;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ice4j's process-wide settings, applied before its first class reads them: the AWS metadata harvester off
 * (ARCHITECTURE.md: otherwise it calls 169.254.169.254 at start) and its per-check INFO logging quieted.
 */
public final class IceProperties {
    /** Held so the level stays set (java.util.logging keeps loggers weakly). */
    private static final Logger ICE4J_LOG = Logger.getLogger("org.ice4j");

    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        System.setProperty("ice4j.harvest.mapping.stun.enabled", "false");
        ICE4J_LOG.setLevel(Level.WARNING);
    }

    private IceProperties() {
    }

    /** Runs the static initialiser once; idempotent. */
    public static void apply() {
        // the static block above does the work
    }
}
