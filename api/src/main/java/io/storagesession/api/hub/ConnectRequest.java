package io.storagesession.api.hub;

import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.KvsNames;
import java.util.Map;

/**
 * What a signaling WebSocket URL asks for (KVS-WIRE.md §2): {@code X-Amz-ChannelARN} names the channel and the
 * presence of {@code X-Amz-ClientId} makes the caller a viewer (ConnectAsViewer), its absence the master
 * (ConnectAsMaster). The AWS rules are enforced here: an ARN of at most 1024 characters, a client id matching
 * {@code [a-zA-Z0-9_.-]{1,256}} that does not start with {@code AWS_} in any letter case.
 */
record ConnectRequest(String channelArn, Role role, String clientId) {
    static final String CHANNEL_ARN_PARAM = "X-Amz-ChannelARN";
    static final String CLIENT_ID_PARAM = "X-Amz-ClientId";
    /** AWS's maximum length of a channel ARN. */
    static final int MAX_CHANNEL_ARN_LENGTH = KvsNames.MAX_ARN_LENGTH;
    /** The operation names KVS uses for the two roles (IAM actions, metrics). */
    static final String CONNECT_AS_MASTER = "ConnectAsMaster";
    static final String CONNECT_AS_VIEWER = "ConnectAsViewer";


    /** The operation a query asks for, decided only by whether it names a client id. */
    static String operation(Map<String, String> query) {
        return query.containsKey(CLIENT_ID_PARAM) ? CONNECT_AS_VIEWER : CONNECT_AS_MASTER;
    }

    /** Reads and validates the channel and client id from a decoded query. */
    static ConnectRequest from(Map<String, String> query) {
        String arn = query.get(CHANNEL_ARN_PARAM);
        if (arn == null || arn.isEmpty()) {
            throw ApiException.invalidArgument(CHANNEL_ARN_PARAM + " is required");
        }
        if (arn.length() > MAX_CHANNEL_ARN_LENGTH) {
            throw ApiException.invalidArgument(CHANNEL_ARN_PARAM + " must be at most " + MAX_CHANNEL_ARN_LENGTH
                    + " characters");
        }
        if (!query.containsKey(CLIENT_ID_PARAM)) {
            return new ConnectRequest(arn, Role.MASTER, null);
        }
        String clientId = query.get(CLIENT_ID_PARAM);
        String problem = KvsNames.clientIdProblem(clientId);
        if (problem != null) {
            throw ApiException.invalidArgument(CLIENT_ID_PARAM + ": " + problem);
        }
        return new ConnectRequest(arn, Role.VIEWER, clientId);
    }

    /** KVS's rule for viewer client ids, also applied to the recipients a master addresses. */
    static boolean isValidClientId(String clientId) {
        return KvsNames.clientIdProblem(clientId) == null;
    }

    String operation() {
        return role == Role.MASTER ? CONNECT_AS_MASTER : CONNECT_AS_VIEWER;
    }

    /** The IAM action a principal needs, e.g. {@code kinesisvideo:ConnectAsMaster}. */
    String action() {
        return "kinesisvideo:" + operation();
    }

    ParticipantAddress address() {
        return new ParticipantAddress(channelArn, role, clientId);
    }
}
