package io.storagesession.api.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The log line that says why the server refused a participant something — a join, an answer, a candidate, a frame —
 * with the channel, the participant ({@code master} or {@code viewer <clientId>}) and the reason, so an operator
 * whose camera "just does not connect" can read why. A client that keeps failing the same way (KVS clients retry a
 * join about every 6 s, KVS-WIRE.md §3; a flood of candidates over quota) would fill the log, so each
 * (channel, participant, reason) is logged once, then again at most once per {@code repeat-interval}, with how many
 * refusals went unlogged in between. What is remembered is bounded ({@code max-remembered}, least recent forgotten
 * first), so made-up client ids cannot grow it.
 *
 * <p>Thread-safe; callers on event loops and session executors share one instance. The detail text is only built
 * when a line is written.
 */
public final class RefusalLog {
    /** A client id or ARN is logged up to this many characters: enough to recognise it, not a flood of attacker text. */
    private static final int MAX_NAME_CHARS = 128;

    private final Logger logger;
    private final long repeatMillis;
    private final Clock clock;
    private final Map<String, Seen> seen;

    public RefusalLog(Logger logger, RefusalLogSettings settings, Clock clock) {
        this.logger = logger;
        this.repeatMillis = settings.repeatInterval().toMillis();
        this.clock = clock;
        int max = settings.maxRemembered();
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Logs that {@code participant} of {@code channel} was refused for {@code reason} (a short, fixed phrase such as
     * "answer refused"; it is also what makes two refusals "the same"), followed by {@code detail}, unless that was
     * logged less than {@code repeat-interval} ago.
     *
     * @return whether a line was written
     */
    public boolean refused(Level level, String channel, String participant, String reason, Supplier<String> detail) {
        String key = channel + '\u0000' + participant + '\u0000' + reason;
        long now = clock.millis();
        long unlogged;
        synchronized (seen) {
            Seen s = seen.get(key);
            if (s != null && now - s.loggedMillis < repeatMillis) {
                s.unlogged++;
                return false;
            }
            unlogged = s == null ? 0 : s.unlogged;
            seen.put(key, new Seen(now));
        }
        String line = "channel " + shorten(channel) + ", " + shorten(participant) + ": " + reason + ": " + detail.get()
                + (unlogged > 0 ? " (" + unlogged + " more like it since it was last logged)" : "");
        if (level == Level.WARN) {
            logger.warn(line);
        } else {
            logger.info(line);
        }
        return true;
    }

    /** {@code master}, or {@code viewer <clientId>}: how participants are named in every refusal line. */
    public static String participant(String clientId) {
        return clientId == null ? "master" : "viewer " + clientId;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_NAME_CHARS ? text : text.substring(0, MAX_NAME_CHARS) + "…";
    }

    private static final class Seen {
        final long loggedMillis;
        long unlogged;

        Seen(long loggedMillis) {
            this.loggedMillis = loggedMillis;
        }
    }
}
