package io.storagesession.webrtc;

import java.util.List;

/**
 * One storage session as seen at a moment, for operators (the console's live page): its channel, the stream its
 * recording goes to, and each participant, the master first and then the viewers in the order they joined.
 *
 * @param streamArn the stream linked to the channel (UpdateMediaStorageConfiguration) when the session began, or
 *                  null when it had none
 */
public record LiveSession(String channelArn, String channelName, String streamArn, List<PeerSnapshot> participants) {
    public LiveSession {
        streamArn = streamArn == null || streamArn.isEmpty() ? null : streamArn;
        participants = List.copyOf(participants);
    }
}
