package io.storagesession.mediastore.read;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.KvsNames;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistryErrors;
import io.storagesession.api.registry.Stream;
import java.util.Optional;

/**
 * Finds the stream a data-plane call names by {@code StreamName} or {@code StreamARN} ("specify either"), and
 * authorises the call on its ARN before anything else is revealed; a name that does not exist is authorised on the
 * pattern of every ARN it could have, so a caller without rights on it learns nothing (as the control plane does).
 */
public final class StreamLookup {
    private final Registry registry;

    public StreamLookup(Registry registry) {
        this.registry = registry;
    }

    public Stream stream(ApiCall call) {
        String name = call.optionalString("StreamName");
        String arn = call.optionalString("StreamARN");
        if (name == null && arn == null) {
            throw ApiException.invalidArgument("Either StreamName or StreamARN is required");
        }
        if (name != null && !KvsNames.isValidName(name)) {
            throw ApiException.invalidArgument("StreamName must match [a-zA-Z0-9_.-]+ and be at most "
                    + KvsNames.MAX_NAME_LENGTH + " characters");
        }
        if (arn != null) {
            if (!KvsNames.isValidArn(arn)) {
                throw ApiException.invalidArgument("StreamARN is not a valid Kinesis Video ARN");
            }
            call.authorize(arn);
            Stream st = registry.streamByArn(arn).orElseThrow(() -> RegistryErrors.streamNotFound(arn));
            if (name != null && !name.equals(st.name())) {
                throw ApiException.invalidArgument("StreamName " + name + " does not name the stream of the ARN");
            }
            return st;
        }
        Optional<Stream> found = registry.streamByName(name);
        call.authorize(found.map(Stream::arn).orElseGet(() -> registry.arns().streamPattern(name)));
        return found.orElseThrow(() -> RegistryErrors.streamNotFound(name));
    }
}
