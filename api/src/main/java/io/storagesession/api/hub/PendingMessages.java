package io.storagesession.api.hub;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Messages for participants of one channel that are not connected yet. KVS keeps an undelivered message for the
 * channel's {@code MessageTtlSeconds} (5..120 s, default 60) and delivers it when the recipient connects, so a master
 * may answer a viewer that is still reconnecting. Bounded twice — messages per recipient and recipients per channel —
 * so no client can make the hub buffer without limit. Not thread-safe: its {@link ChannelRoom} guards it.
 */
final class PendingMessages {
    private final int perRecipient;
    private final int maxRecipients;
    private final Map<ParticipantAddress, ArrayDeque<Pending>> byRecipient = new HashMap<>();

    PendingMessages(int perRecipient, int maxRecipients) {
        this.perRecipient = perRecipient;
        this.maxRecipients = maxRecipients;
    }

    /** Keeps a message until {@code expiresAtMillis}; false when the bounds leave no room for it. */
    boolean offer(ParticipantAddress to, OutboundMessage message, long expiresAtMillis) {
        ArrayDeque<Pending> queue = byRecipient.get(to);
        if (queue == null) {
            if (byRecipient.size() >= maxRecipients) {
                return false;
            }
            queue = new ArrayDeque<>();
            byRecipient.put(to, queue);
        }
        if (queue.size() >= perRecipient) {
            return false;
        }
        queue.addLast(new Pending(message, expiresAtMillis));
        return true;
    }

    /** Removes and returns, oldest first, the messages for {@code to} that have not expired at {@code nowMillis}. */
    List<OutboundMessage> take(ParticipantAddress to, long nowMillis) {
        ArrayDeque<Pending> queue = byRecipient.remove(to);
        if (queue == null) {
            return List.of();
        }
        List<OutboundMessage> live = new ArrayList<>(queue.size());
        for (Pending p : queue) {
            if (p.expiresAtMillis > nowMillis) {
                live.add(p.message);
            }
        }
        return live;
    }

    /** Forgets every message whose time to live has passed; returns how many. */
    int expire(long nowMillis) {
        int expired = 0;
        Iterator<ArrayDeque<Pending>> queues = byRecipient.values().iterator();
        while (queues.hasNext()) {
            ArrayDeque<Pending> queue = queues.next();
            int before = queue.size();
            queue.removeIf(p -> p.expiresAtMillis <= nowMillis);
            expired += before - queue.size();
            if (queue.isEmpty()) {
                queues.remove();
            }
        }
        return expired;
    }

    boolean isEmpty() {
        return byRecipient.isEmpty();
    }

    int size() {
        int n = 0;
        for (ArrayDeque<Pending> q : byRecipient.values()) {
            n += q.size();
        }
        return n;
    }

    private record Pending(OutboundMessage message, long expiresAtMillis) {
    }
}
