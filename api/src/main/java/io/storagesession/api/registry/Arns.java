package io.storagesession.api.registry;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds and parses KVS ARNs: {@code arn:aws:kinesisvideo:<region>:<account>:channel/<name>/<creation epoch ms>}
 * and {@code …:stream/<name>/<creation epoch ms>} (KVS-WIRE.md §1). The creation time in the ARN is what makes a
 * re-created resource of the same name a different resource, as in AWS, so policies and clients holding an old
 * ARN do not silently reach the new one.
 */
public final class Arns {
    /** The resource-type segment of channel ARNs. */
    public static final String CHANNEL = "channel";
    /** The resource-type segment of stream ARNs. */
    public static final String STREAM = "stream";
    /**
     * KVS's ARN pattern from its service model ({@code arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+}),
     * with groups for partition, region, account, type, name and creation time.
     */
    private static final Pattern ARN = Pattern.compile(
            "arn:([a-z\\d-]+):kinesisvideo:([a-z0-9-]+):([0-9]+):([a-z]+)/([a-zA-Z0-9_.-]+)/([0-9]+)");
    /** The longest ARN KVS accepts in any request member. */
    public static final int MAX_ARN_LENGTH = 1024;
    private static final int EPOCH_MS_GROUP = 6;

    private final String region;
    private final String accountId;

    public Arns(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    public Arns(RegistrySettings settings) {
        this(settings.region(), settings.accountId());
    }

    public String channelArn(String name, Instant creationTime) {
        return arn(CHANNEL, name, Long.toString(creationTime.toEpochMilli()));
    }

    public String streamArn(String name, Instant creationTime) {
        return arn(STREAM, name, Long.toString(creationTime.toEpochMilli()));
    }

    /**
     * An IAM resource pattern matching every channel ARN of that name, whatever its creation time; used to authorise
     * a call naming a channel that does not exist, so that a policy scoped to the name still yields a 404.
     */
    public String channelPattern(String name) {
        return arn(CHANNEL, name, "*");
    }

    /** As {@link #channelPattern} for streams. */
    public String streamPattern(String name) {
        return arn(STREAM, name, "*");
    }

    private String arn(String type, String name, String suffix) {
        return "arn:aws:kinesisvideo:" + region + ':' + accountId + ':' + type + '/' + name + '/' + suffix;
    }

    /** Parses any well-formed KVS ARN (of any region or account); empty when it does not match KVS's pattern. */
    public static Optional<Parsed> parse(String arn) {
        if (arn == null || arn.length() > MAX_ARN_LENGTH) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(m.group(2), m.group(3), m.group(4), m.group(5),
                    Instant.ofEpochMilli(Long.parseLong(m.group(EPOCH_MS_GROUP)))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The parts of a KVS ARN. */
    public record Parsed(String region, String accountId, String type, String name, Instant creationTime) {
        public boolean isChannel() {
            return CHANNEL.equals(type);
        }

        public boolean isStream() {
            return STREAM.equals(type);
        }
    }
}
