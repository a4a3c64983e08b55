package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.Endpoints;
import io.storagesession.api.registry.Registry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The KVS control plane (KVS-WIRE.md §1): every channel, stream, media storage and tag operation, ready to mount with
 * {@code ApiRoutes.add(op)}. Handlers validate as the KVS service model does, authorise the call on the ARN it
 * touches (the ARN to be created for Create*, none for List*), read the {@link Registry} synchronously and hand
 * writes to its single writer, so no handler blocks the event loop.
 */
public final class ControlPlane {
    private final List<ApiOperation> operations;

    public ControlPlane(Registry registry, Endpoints endpoints, ControlPlaneSettings settings) {
        this(registry, endpoints, settings, Clock.systemUTC());
    }

    /** With the clock that stamps creation times (and so ARNs). */
    public ControlPlane(Registry registry, Endpoints endpoints, ControlPlaneSettings settings, Clock clock) {
        Resolver resolver = new Resolver(registry);
        List<ApiOperation> all = new ArrayList<>();
        all.addAll(new ChannelApi(registry, resolver, endpoints, settings, clock).operations());
        all.addAll(new StreamApi(registry, resolver, endpoints, settings, clock).operations());
        all.addAll(new MediaStorageApi(registry, resolver).operations());
        all.addAll(new TagApi(registry, resolver).operations());
        this.operations = List.copyOf(all);
    }

    public List<ApiOperation> operations() {
        return operations;
    }
}
