package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.TokenSeal;
import io.storagesession.mediastore.store.TimestampKind;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * KVS's SessionToken: the opaque string that alone authorises the HLS or DASH resources of a session (KVS-WIRE.md §6,
 * no SigV4). Here it is the {@link HlsSession} in a compact binary form followed by its HMAC-SHA256 (RFC 2104) under
 * the server's key, in URL-safe base64 without padding (RFC 4648 §5), so it goes into query strings unescaped.
 *
 * <p>The signed payload names the session's protocol: a token GetHLSStreamingSessionURL issued opens only
 * {@code /hls/v1/} and one of GetDASHStreamingSessionURL only {@code /dash/v1/} ("The media that is made available
 * through the manifest consists only of the requested stream, time range, and format", API reference), so the
 * resources of each verify with the protocol they serve and refuse the other's tokens as forged ones.
 *
 * <p>Verification recomputes the MAC over the payload and compares in constant time before reading a single field;
 * a forged, altered or truncated token is refused as NotAuthorizedException (403) without saying which check failed,
 * and an expired one with KVS's own wording. Keys: {@code media-store.hls.token-key}, or a random key per process
 * (then tokens die with the process, as a restart of a KVS session endpoint would).
 */
public final class HlsSessionToken {
    /** The payload's format version: a token of another version never verifies (2 added the protocol). */
    private static final byte FORMAT_VERSION = 2;
    private static final int MAX_STRING_BYTES = 0xFFFF;
    /** One byte each: protocol, playback mode, selector type, container, discontinuity mode, display options. */
    private static final int OPTION_BYTES = 6;
    /** Start, end, creation and expiry. */
    private static final int TIME_FIELDS = 4;
    /** Bits of the payload's display-options byte. */
    private static final int DISPLAY_TIMESTAMP = 1;
    private static final int DISPLAY_NUMBER = 2;

    private final TokenSeal seal;
    private final Clock clock;

    /** @param key at least {@link TokenSeal#KEY_BYTES} bytes */
    public HlsSessionToken(byte[] key, Clock clock) {
        this.seal = new TokenSeal(key);
        this.clock = clock;
    }

    public String issue(HlsSession s) {
        byte[] name = utf8(s.streamName() == null ? "" : s.streamName());
        byte[] arn = utf8(s.streamArn());
        ByteBuffer b = ByteBuffer.allocate(1 + 2 * Short.BYTES + name.length + arn.length + OPTION_BYTES
                + TIME_FIELDS * Long.BYTES + Integer.BYTES);
        b.put(FORMAT_VERSION);
        b.putShort((short) name.length).put(name);
        b.putShort((short) arn.length).put(arn);
        b.put((byte) s.protocol().ordinal())
                .put((byte) s.playbackMode().ordinal())
                .put((byte) s.kind().ordinal())
                .put((byte) s.containerFormat().ordinal())
                .put((byte) s.discontinuityMode().ordinal())
                .put((byte) ((s.displayFragmentTimestamp() ? DISPLAY_TIMESTAMP : 0)
                        | (s.displayFragmentNumber() ? DISPLAY_NUMBER : 0)));
        b.putLong(s.startMillis()).putLong(s.endMillis()).putInt(s.maxResults())
                .putLong(s.createdMillis()).putLong(s.expiresMillis());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(seal.seal(b.array(), b.position()));
    }

    /**
     * The HLS session a token grants: {@link #verify(String, HlsSession.Protocol)} for {@code HLS}, as the
     * {@code /hls/v1/} resources verify through {@code StreamingSessions}.
     *
     * @throws ApiException NotAuthorizedException (403) for a token that is not one of ours, was changed, expired, or
     *                      was issued for DASH
     */
    public HlsSession verify(String token) {
        return verify(token, HlsSession.Protocol.HLS);
    }

    /**
     * The session a token grants, if it was issued for {@code protocol}.
     *
     * @throws ApiException NotAuthorizedException (403) for a token that is not one of ours, was changed, expired, or
     *                      was issued for the other protocol
     */
    public HlsSession verify(String token, HlsSession.Protocol protocol) {
        if (token == null || token.isEmpty()) {
            throw ApiException.invalidArgument("SessionToken is required");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        byte[] payload = seal.open(raw);
        if (payload == null) {
            throw invalid();
        }
        HlsSession session = parse(ByteBuffer.wrap(payload));
        if (session.protocol() != protocol) {
            throw invalid();
        }
        if (clock.millis() >= session.expiresMillis()) {
            throw ArchiveErrors.notAuthorized("Streaming session token is expired");
        }
        return session;
    }

    /**
     * Only ever called on a payload whose MAC verified: a parse failure means a key was reused across formats. Only
     * what {@link #issue} writes is taken (UTF-8 strings, known option bits, nothing after the fields), so a session
     * has exactly one token payload.
     */
    private static HlsSession parse(ByteBuffer b) {
        try {
            if (b.get() != FORMAT_VERSION) {
                throw invalid();
            }
            String name = string(b);
            String arn = string(b);
            HlsSession.Protocol protocol = HlsSession.Protocol.values()[b.get()];
            HlsSession.PlaybackMode mode = HlsSession.PlaybackMode.values()[b.get()];
            TimestampKind kind = TimestampKind.values()[b.get()];
            HlsSession.ContainerFormat container = HlsSession.ContainerFormat.values()[b.get()];
            HlsSession.DiscontinuityMode discontinuity = HlsSession.DiscontinuityMode.values()[b.get()];
            int display = b.get();
            if ((display & ~(DISPLAY_TIMESTAMP | DISPLAY_NUMBER)) != 0) {
                throw invalid();
            }
            long start = b.getLong();
            long end = b.getLong();
            int max = b.getInt();
            long created = b.getLong();
            long expires = b.getLong();
            if (b.hasRemaining()) {
                throw invalid();
            }
            return new HlsSession(name.isEmpty() ? null : name, arn, protocol, mode, kind, start, end, container,
                    discontinuity, (display & DISPLAY_TIMESTAMP) != 0, (display & DISPLAY_NUMBER) != 0, max, created,
                    expires);
        } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** A length-prefixed string; bytes that are not UTF-8 were not written by {@link #issue}, so they are refused. */
    private static String string(ByteBuffer b) {
        int n = Short.toUnsignedInt(b.getShort());
        byte[] s = new byte[n];
        b.get(s);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(s)).toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("name too long for a session token");
        }
        return b;
    }

    private static ApiException invalid() {
        return ArchiveErrors.notAuthorized("The SessionToken is not valid");
    }
}
