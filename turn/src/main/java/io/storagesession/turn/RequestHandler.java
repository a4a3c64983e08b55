package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers the STUN requests of RFC 8656 — Allocate (§7), Refresh (§8), CreatePermission (§9), ChannelBind (§12) —
 * plus plain Binding (RFC 8489), and relays Send indications (§11). Runs on the relay thread that owns the client,
 * so it reads and changes that thread's allocations directly. Every request but Binding is authenticated with
 * long-term credentials; anything malformed gets 400 rather than an exception.
 */
final class RequestHandler {
    private static final int UDP_PROTOCOL = 17;
    private static final int FAMILY_IPV4 = 0x01;
    private static final int TRANSACTION_ID_LENGTH = 12;
    private static final long MILLIS_PER_SECOND = 1000;

    private final TurnContext context;
    private final RelayLoop loop;

    RequestHandler(TurnContext context, RelayLoop loop) {
        this.context = context;
        this.loop = loop;
    }

    /** Handles one STUN message from {@code client}; returns the response to send, or null for none. */
    byte[] handle(byte[] m, int len, Client client) {
        Stun.Scan scan = Stun.scan(m, len);
        if (scan == null) {
            context.stats.dropped("malformed-stun", 1);
            return null;
        }
        int method = Stun.method(scan.type());
        int messageClass = Stun.messageClass(scan.type());
        byte[] tid = Arrays.copyOfRange(m, 8, 8 + TRANSACTION_ID_LENGTH);
        if (messageClass == Stun.CLASS_INDICATION) {
            if (method == Stun.SEND) {
                send(m, len, scan, client);
            }
            return null;
        }
        if (messageClass != Stun.CLASS_REQUEST) {
            return null;
        }
        if (scan.unknownRequired() != Stun.Scan.NONE) {
            return Responses.error(method, tid, 420, "Unknown Attribute", null);
        }
        if (method == Stun.BINDING) {
            return Responses.success(method, tid, List.of(Responses.xorMapped(client.remote(), client.reliable(), tid)),
                    null);
        }
        if (method != Stun.ALLOCATE && method != Stun.REFRESH && method != Stun.CREATE_PERMISSION
                && method != Stun.CHANNEL_BIND) {
            return Responses.error(method, tid, 400, "Bad Request", null);
        }
        Authenticated auth = new Authenticated();
        byte[] refusal = authenticate(m, len, scan, method, tid, client, auth);
        if (refusal != null) {
            return refusal;
        }
        Allocation existing = client.allocation;
        if (existing != null && !existing.username.equals(auth.username)) {
            return Responses.error(method, tid, 441, "Wrong Credentials", auth.key);
        }
        return switch (method) {
            case Stun.ALLOCATE -> allocate(m, len, tid, client, existing, auth);
            case Stun.REFRESH -> refresh(m, len, tid, existing, auth);
            case Stun.CREATE_PERMISSION -> createPermission(m, len, tid, existing, auth);
            default -> channelBind(m, len, tid, existing, auth);
        };
    }

    /** The credentials a request proved. */
    private static final class Authenticated {
        String username;
        byte[] key;
    }

    private byte[] authenticate(byte[] m, int len, Stun.Scan scan, int method, byte[] tid, Client client,
                                Authenticated out) {
        TurnAuth auth = context.auth;
        if (scan.integrityOffset() == Stun.Scan.NONE) {
            return Responses.challenge(method, tid, Stun.ERROR_UNAUTHORIZED, "Unauthorized", auth.realm(),
                    auth.newNonce(client.remote().getAddress()));
        }
        String username = string(m, len, Stun.ATTR_USERNAME, TurnAuth.MAX_USERNAME_BYTES);
        String realm = string(m, len, Stun.ATTR_REALM, TurnAuth.MAX_USERNAME_BYTES);
        String nonce = string(m, len, Stun.ATTR_NONCE, TurnAuth.MAX_USERNAME_BYTES);
        if (username == null || realm == null || nonce == null) {
            return Responses.error(method, tid, 400, "Bad Request", null);
        }
        TurnAuth.NonceCheck nonceCheck = auth.checkNonce(nonce, client.remote().getAddress());
        if (nonceCheck != TurnAuth.NonceCheck.VALID || !realm.equals(auth.realm())) {
            return Responses.challenge(method, tid, Stun.ERROR_STALE_NONCE, "Stale Nonce", auth.realm(),
                    auth.newNonce(client.remote().getAddress()));
        }
        Allocation existing = client.allocation;
        boolean ofItsAllocation = method != Stun.ALLOCATE && existing != null && existing.username.equals(username);
        byte[] key = auth.keyFor(username, ofItsAllocation);
        if (key == null || !Stun.integrityValid(m, scan.integrityOffset(), key)) {
            context.stats.authFailure();
            return Responses.challenge(method, tid, Stun.ERROR_UNAUTHORIZED, "Unauthorized", auth.realm(),
                    auth.newNonce(client.remote().getAddress()));
        }
        out.username = username;
        out.key = key;
        return null;
    }

    private byte[] allocate(byte[] m, int len, byte[] tid, Client client, Allocation existing, Authenticated auth) {
        if (existing != null) {
            if (Arrays.equals(existing.allocateTransaction, tid)) {
                return allocateSuccess(tid, existing, client);
            }
            return Responses.error(Stun.ALLOCATE, tid, 437, "Allocation Mismatch", auth.key);
        }
        int transport = Stun.find(m, len, Stun.ATTR_REQUESTED_TRANSPORT);
        if (transport < 0 || Stun.u16(m, transport + 2) != 4) {
            return Responses.error(Stun.ALLOCATE, tid, 400, "Bad Request", auth.key);
        }
        if ((m[transport + 4] & 0xff) != UDP_PROTOCOL) {
            return Responses.error(Stun.ALLOCATE, tid, 442, "Unsupported Transport Protocol", auth.key);
        }
        int family = Stun.find(m, len, Stun.ATTR_REQUESTED_ADDRESS_FAMILY);
        if (family >= 0 && (m[family + 4] & 0xff) != FAMILY_IPV4) {
            return Responses.error(Stun.ALLOCATE, tid, 440, "Address Family not Supported", auth.key);
        }
        if (Stun.find(m, len, Stun.ATTR_RESERVATION_TOKEN) >= 0) {
            return Responses.error(Stun.ALLOCATE, tid, 508, "Insufficient Capacity", auth.key);
        }
        String channel = RestCredentials.channelOf(auth.username);
        switch (context.admit(channel)) {
            case CHANNEL_QUOTA -> {
                context.stats.dropped("allocation-quota", 1);
                return Responses.error(Stun.ALLOCATE, tid, 486, "Allocation Quota Reached", auth.key);
            }
            case CAPACITY -> {
                context.stats.dropped("capacity", 1);
                return Responses.error(Stun.ALLOCATE, tid, 508, "Insufficient Capacity", auth.key);
            }
            default -> {
            }
        }
        long lifetime = lifetimeSeconds(m, len);
        Allocation allocation = loop.open(client, auth.username, auth.key, tid, lifetime * MILLIS_PER_SECOND,
                Stun.find(m, len, Stun.ATTR_EVEN_PORT) >= 0);
        if (allocation == null) {
            context.release(channel);
            return Responses.error(Stun.ALLOCATE, tid, 508, "Insufficient Capacity", auth.key);
        }
        return allocateSuccess(tid, allocation, client);
    }

    private byte[] allocateSuccess(byte[] tid, Allocation allocation, Client client) {
        // Rounded to the nearest second: the milliseconds spent since the allocation opened must not turn the granted
        // 600 s into 599 (RFC 8656 §7.3 LIFETIME is what the client may count on; a retransmission sees it run down).
        long remaining = Math.max(0, (allocation.expiresAtMillis - context.clock.millis() + MILLIS_PER_SECOND / 2)
                / MILLIS_PER_SECOND);
        return Responses.success(Stun.ALLOCATE, tid, List.of(Responses.xorRelayed(allocation.relayAddress, tid),
                Responses.lifetime(remaining), Responses.xorMapped(client.remote(), client.reliable(), tid)),
                allocation.key);
    }

    /** RFC 8656 §7.2: the requested lifetime, at least the default (10 min), at most the configured maximum. */
    private long lifetimeSeconds(byte[] m, int len) {
        long def = context.settings.allocationDefault().toSeconds();
        int at = Stun.find(m, len, Stun.ATTR_LIFETIME);
        if (at < 0 || Stun.u16(m, at + 2) != 4) {
            return def;
        }
        long requested = Stun.i32(m, at + 4) & 0xffffffffL;
        return Math.min(Math.max(requested, def), context.settings.allocationMax().toSeconds());
    }

    private byte[] refresh(byte[] m, int len, byte[] tid, Allocation allocation, Authenticated auth) {
        if (allocation == null) {
            return Responses.error(Stun.REFRESH, tid, 437, "Allocation Mismatch", auth.key);
        }
        int at = Stun.find(m, len, Stun.ATTR_LIFETIME);
        long requested = at >= 0 && Stun.u16(m, at + 2) == 4 ? Stun.i32(m, at + 4) & 0xffffffffL : -1;
        if (requested == 0) {
            loop.close(allocation);
            return Responses.success(Stun.REFRESH, tid, List.of(Responses.lifetime(0)), auth.key);
        }
        long lifetime = requested < 0 ? context.settings.allocationDefault().toSeconds()
                : Math.min(Math.max(requested, context.settings.allocationDefault().toSeconds()),
                        context.settings.allocationMax().toSeconds());
        allocation.expiresAtMillis = context.clock.millis() + lifetime * MILLIS_PER_SECOND;
        return Responses.success(Stun.REFRESH, tid, List.of(Responses.lifetime(lifetime)), auth.key);
    }

    private byte[] createPermission(byte[] m, int len, byte[] tid, Allocation allocation, Authenticated auth) {
        if (allocation == null) {
            return Responses.error(Stun.CREATE_PERMISSION, tid, 437, "Allocation Mismatch", auth.key);
        }
        List<InetSocketAddress> peers = peers(m, len);
        if (peers == null || peers.isEmpty()) {
            return Responses.error(Stun.CREATE_PERMISSION, tid, 400, "Bad Request", auth.key);
        }
        for (InetSocketAddress peer : peers) {
            if (!context.policy.permits(peer.getAddress())) {
                context.stats.dropped("peer-denied", 1);
                return Responses.error(Stun.CREATE_PERMISSION, tid, 403, "Forbidden", auth.key);
            }
        }
        long now = context.clock.millis();
        long added = peers.stream().map(InetSocketAddress::getAddress).distinct()
                .filter(p -> !allocation.permitted(p, now)).count();
        if (allocation.permissionCount() + added > context.settings.permissionsPerAllocation()) {
            return Responses.error(Stun.CREATE_PERMISSION, tid, 508, "Insufficient Capacity", auth.key);
        }
        long until = now + context.settings.permissionLifetime().toMillis();
        for (InetSocketAddress peer : peers) {
            allocation.permit(peer.getAddress(), until);
        }
        return Responses.success(Stun.CREATE_PERMISSION, tid, List.of(), auth.key);
    }

    private byte[] channelBind(byte[] m, int len, byte[] tid, Allocation allocation, Authenticated auth) {
        if (allocation == null) {
            return Responses.error(Stun.CHANNEL_BIND, tid, 437, "Allocation Mismatch", auth.key);
        }
        int at = Stun.find(m, len, Stun.ATTR_CHANNEL_NUMBER);
        List<InetSocketAddress> peers = peers(m, len);
        if (at < 0 || Stun.u16(m, at + 2) != 4 || peers == null || peers.size() != 1) {
            return Responses.error(Stun.CHANNEL_BIND, tid, 400, "Bad Request", auth.key);
        }
        int number = Stun.u16(m, at + 4);
        InetSocketAddress peer = peers.get(0);
        if (number < Stun.MIN_CHANNEL || number > Stun.MAX_CHANNEL) {
            return Responses.error(Stun.CHANNEL_BIND, tid, 400, "Bad Request", auth.key);
        }
        if (!context.policy.permits(peer.getAddress())) {
            context.stats.dropped("peer-denied", 1);
            return Responses.error(Stun.CHANNEL_BIND, tid, 403, "Forbidden", auth.key);
        }
        Allocation.Binding byNumber = allocation.bindingByNumber(number);
        Allocation.Binding byPeer = allocation.bindingByPeer(peer);
        if (byNumber != byPeer) {
            return Responses.error(Stun.CHANNEL_BIND, tid, 400, "Bad Request", auth.key);
        }
        long now = context.clock.millis();
        int limit = context.settings.permissionsPerAllocation();
        if (byNumber == null && (allocation.bindingCount() >= limit
                || !allocation.permitted(peer.getAddress(), now) && allocation.permissionCount() >= limit)) {
            return Responses.error(Stun.CHANNEL_BIND, tid, 508, "Insufficient Capacity", auth.key);
        }
        allocation.permit(peer.getAddress(), now + context.settings.permissionLifetime().toMillis());
        long until = now + context.settings.channelLifetime().toMillis();
        if (byNumber == null) {
            allocation.addBinding(new Allocation.Binding(number, peer, until));
        } else {
            byNumber.expiresAtMillis = until;
        }
        return Responses.success(Stun.CHANNEL_BIND, tid, List.of(), auth.key);
    }

    /** A Send indication (RFC 8656 §11.2): relayed when the allocation has a permission for the peer, else dropped. */
    private void send(byte[] m, int len, Stun.Scan scan, Client client) {
        Allocation allocation = client.allocation;
        List<InetSocketAddress> peers = peers(m, len);
        int data = Stun.find(m, len, Stun.ATTR_DATA);
        if (allocation == null || peers == null || peers.size() != 1 || data < 0) {
            context.stats.dropped("bad-send-indication", 1);
            return;
        }
        loop.relayToPeer(allocation, m, data + 4, Stun.u16(m, data + 2), peers.get(0));
    }

    /** Every XOR-PEER-ADDRESS before MESSAGE-INTEGRITY; null when one is malformed. */
    private static List<InetSocketAddress> peers(byte[] m, int len) {
        List<InetSocketAddress> peers = new ArrayList<>(1);
        int at = Stun.HEADER;
        while (at + 4 <= len) {
            int type = Stun.u16(m, at);
            int length = Stun.u16(m, at + 2);
            if (type == Stun.ATTR_MESSAGE_INTEGRITY) {
                break;
            }
            if (type == Stun.ATTR_XOR_PEER_ADDRESS) {
                InetSocketAddress peer = Stun.readXorAddress(m, at + 4, length);
                if (peer == null) {
                    return null;
                }
                peers.add(peer);
            }
            at += 4 + ((length + 3) & ~3);
        }
        return peers;
    }


    private static String string(byte[] m, int len, int type, int maxBytes) {
        int at = Stun.find(m, len, type);
        if (at < 0) {
            return null;
        }
        int length = Stun.u16(m, at + 2);
        return length > maxBytes ? null : new String(m, at + 4, length, StandardCharsets.UTF_8);
    }
}
