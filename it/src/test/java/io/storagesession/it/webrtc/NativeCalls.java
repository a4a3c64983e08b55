package io.storagesession.it.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * libwebrtc's callback-style calls made blocking with a bound, so a test reads top to bottom and a native call that
 * never answers fails the test instead of hanging the build.
 */
public final class NativeCalls {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private NativeCalls() {
    }

    public static RTCSessionDescription createOffer(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCSessionDescription> result = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), described(result));
        return await(result, "createOffer");
    }

    public static RTCSessionDescription createAnswer(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCSessionDescription> result = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), described(result));
        return await(result, "createAnswer");
    }

    public static void setLocalDescription(RTCPeerConnection pc, RTCSessionDescription description) throws Exception {
        CompletableFuture<Void> result = new CompletableFuture<>();
        pc.setLocalDescription(description, applied(result));
        await(result, "setLocalDescription");
    }

    public static void setRemoteDescription(RTCPeerConnection pc, RTCSessionDescription description) throws Exception {
        CompletableFuture<Void> result = new CompletableFuture<>();
        pc.setRemoteDescription(description, applied(result));
        await(result, "setRemoteDescription");
    }

    public static RTCStatsReport stats(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCStatsReport> result = new CompletableFuture<>();
        pc.getStats(result::complete);
        return await(result, "getStats");
    }

    public static <T> T await(CompletableFuture<T> future, String what) throws Exception {
        return await(future, what, TIMEOUT);
    }

    public static <T> T await(CompletableFuture<T> future, String what, Duration timeout) throws Exception {
        return await(future, what, timeout, () -> "");
    }

    /** As {@link #await(CompletableFuture, String, Duration)}; on timeout the message ends with {@code state}, read then. */
    public static <T> T await(CompletableFuture<T> future, String what, Duration timeout, Supplier<String> state)
            throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + timeout + "\n" + state.get(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static CreateSessionDescriptionObserver described(CompletableFuture<RTCSessionDescription> result) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                result.complete(description);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private static SetSessionDescriptionObserver applied(CompletableFuture<Void> result) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                result.complete(null);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new IllegalStateException(error));
            }
        };
    }
}
