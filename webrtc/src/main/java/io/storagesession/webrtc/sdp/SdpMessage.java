package io.storagesession.webrtc.sdp;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The decoded {@code messagePayload} of SDP_OFFER and SDP_ANSWER frames (KVS-WIRE.md §2): the JSON form of an
 * RTCSessionDescriptionInit, {@code {"type":"answer","sdp":"v=0\r\n…"}}.
 *
 * @param type whether the SDP is an offer or an answer
 * @param sdp  the SDP text, not yet parsed
 */
public record SdpMessage(Type type, String sdp) {
    /** Room for the largest SDP {@link SessionDescription} accepts, with JSON escaping of every line end. */
    public static final int MAX_JSON_LENGTH = 2 * SessionDescription.MAX_BYTES;

    private static final String WHAT = "SDP message";
    private static final String TYPE = "type";
    private static final String SDP = "sdp";

    /** The RTCSdpType values offer/answer uses here; pranswer and rollback have no place in KVS signaling. */
    public enum Type {
        OFFER, ANSWER;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SdpMessage {
        if (type == null || sdp == null) {
            throw new IllegalArgumentException("type and sdp are required");
        }
    }

    /** The server's offer to a participant. */
    public static SdpMessage offer(String sdp) {
        return new SdpMessage(Type.OFFER, sdp);
    }

    /** Reads an offer or an answer; the SDP itself is checked later, by whoever reads it. */
    public static SdpMessage parse(String json) throws SdpException {
        JsonObject object = JsonPayload.decode(json, MAX_JSON_LENGTH, WHAT);
        String type = JsonPayload.requiredString(object, TYPE, WHAT);
        String sdp = JsonPayload.requiredString(object, SDP, WHAT);
        for (Type t : Type.values()) {
            if (t.jsonName().equals(type)) {
                return new SdpMessage(t, sdp);
            }
        }
        throw new SdpException("the SDP message's type must be \"offer\" or \"answer\", got \""
                + SdpReader.excerpt(type) + "\"");
    }

    /** Reads a participant's reply to the storage session's offer, which can only be an answer. */
    public static SdpMessage parseAnswer(String json) throws SdpException {
        SdpMessage message = parse(json);
        if (message.type != Type.ANSWER) {
            throw new SdpException("the storage session is always the offerer, so it expects an SDP of type "
                    + "\"answer\", got \"" + message.type.jsonName() + "\"");
        }
        return message;
    }

    /** {@code {"type":…,"sdp":…}}. */
    public String toJson() {
        return new JsonObject().put(TYPE, type.jsonName()).put(SDP, sdp).encode();
    }
}
