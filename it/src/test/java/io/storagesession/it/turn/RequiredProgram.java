package io.storagesession.it.turn;

import io.storagesession.codecs.ExternalTool;
import java.nio.file.Path;

/**
 * The TURN tests' way to need coturn's programs: {@link ExternalTool}'s rule (skip with a message when missing, fail
 * under {@code -Dexternal.required=true}) with coturn's install hint.
 */
final class RequiredProgram {
    static final String COTURN_HINT = "Debian package coturn: apt-get install coturn";

    private RequiredProgram() {
    }

    /** The executable's path on PATH; skips (or fails when required) if absent. */
    static Path require(String executable, String installHint) {
        return ExternalTool.require(executable, installHint);
    }
}
