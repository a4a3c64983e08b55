package io.storagesession.api.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name and identifier rules of the KVS service model, in one place: resource names and client ids
 * {@code [a-zA-Z0-9_.-]{1,256}}, client ids never starting with {@code AWS_} in any letter case (ConnectAsViewer's
 * reference), channel ARNs at most 1024 characters in the {@code arn:aws:kinesisvideo:…} shape.
 */
public final class KvsNames {
    /** The longest name or client id KVS accepts. */
    public static final int MAX_NAME_LENGTH = 256;
    /** The longest ARN KVS accepts. */
    public static final int MAX_ARN_LENGTH = 1024;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,256}");
    private static final Pattern ARN = Pattern.compile(
            "arn:[a-z\\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+");
    private static final String RESERVED_CLIENT_ID_PREFIX = "aws_";

    private KvsNames() {
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static boolean isValidArn(String arn) {
        return arn != null && arn.length() <= MAX_ARN_LENGTH && ARN.matcher(arn).matches();
    }

    /** A client id as ConnectAsViewer and JoinStorageSessionAsViewer require it; null when valid, else the reason. */
    public static String clientIdProblem(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            return "ClientId is required";
        }
        if (!NAME.matcher(clientId).matches()) {
            return "ClientId must match [a-zA-Z0-9_.-]+ and be at most " + MAX_NAME_LENGTH + " characters";
        }
        if (clientId.toLowerCase(Locale.ROOT).startsWith(RESERVED_CLIENT_ID_PREFIX)) {
            return "ClientId must not start with the reserved prefix AWS_";
        }
        return null;
    }

    /** Throws InvalidArgumentException unless {@code arn} is a well-formed channel ARN. */
    public static void requireArn(String field, String arn) {
        if (arn == null || arn.isEmpty()) {
            throw ApiException.invalidArgument(field + " is required");
        }
        if (!isValidArn(arn)) {
            throw ApiException.invalidArgument(field + " is not a valid Kinesis Video ARN");
        }
    }
}
