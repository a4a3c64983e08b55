package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistryErrors;
import io.storagesession.api.registry.Stream;
import java.util.Optional;

/**
 * Finds the channel or stream a call names — by ARN, or by name where KVS allows either ("specify either the name
 * or the ARN") — and authorises the call on that resource's ARN before anything else is revealed. A call naming a
 * resource that does not exist is authorised on the pattern of every ARN that name could have, so a caller whose
 * policy does not cover the name gets {@code AccessDeniedException}, not a hint that the name is free.
 */
final class Resolver {
    private final Registry registry;

    Resolver(Registry registry) {
        this.registry = registry;
    }

    /** The channel named by {@code ChannelName} or {@code ChannelARN}. */
    Channel channel(ApiCall call) {
        String name = Validation.name(call, "ChannelName");
        String arn = Validation.arn(call, "ChannelARN");
        Validation.eitherOf("ChannelName", name, "ChannelARN", arn);
        if (arn != null) {
            Channel ch = channelByArn(call, arn);
            requireSameName(name, ch.name(), "ChannelName");
            return ch;
        }
        Optional<Channel> found = registry.channelByName(name);
        call.authorize(found.map(Channel::arn).orElseGet(() -> registry.arns().channelPattern(name)));
        return found.orElseThrow(() -> RegistryErrors.channelNotFound(name));
    }

    /** The channel of a required ARN member ({@code ChannelARN}, {@code ResourceARN}). */
    Channel channelByArn(ApiCall call, String arn) {
        call.authorize(arn);
        return registry.channelByArn(arn).orElseThrow(() -> RegistryErrors.channelNotFound(arn));
    }

    /** The stream named by {@code StreamName} or {@code StreamARN}. */
    Stream stream(ApiCall call) {
        String name = Validation.name(call, "StreamName");
        String arn = Validation.arn(call, "StreamARN");
        Validation.eitherOf("StreamName", name, "StreamARN", arn);
        if (arn != null) {
            Stream st = streamByArn(call, arn);
            requireSameName(name, st.name(), "StreamName");
            return st;
        }
        Optional<Stream> found = registry.streamByName(name);
        call.authorize(found.map(Stream::arn).orElseGet(() -> registry.arns().streamPattern(name)));
        return found.orElseThrow(() -> RegistryErrors.streamNotFound(name));
    }

    Stream streamByArn(ApiCall call, String arn) {
        call.authorize(arn);
        return registry.streamByArn(arn).orElseThrow(() -> RegistryErrors.streamNotFound(arn));
    }

    private static void requireSameName(String given, String actual, String field) {
        if (given != null && !given.equals(actual)) {
            throw ApiException.invalidArgument(field + " " + given + " does not name the resource of the given ARN");
        }
    }
}
