package io.storagesession.mediastore;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.GetMediaResponse;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * A GetMedia response read on another thread through the AWS SDK: {@link #opened} completes when its 200 arrived —
 * the server sends it once it has chosen where the response starts and listens for new fragments, so what is
 * uploaded afterwards is in the response — and {@link #chunks} once the response ended, as AWS's parser read it.
 */
public record LiveGetMedia(CompletableFuture<Void> opened, CompletableFuture<List<AwsMkvReading.Chunk>> chunks) {
    /** GetMedia with {@code StartSelectorType NOW} on {@code stream}. */
    public static LiveGetMedia now(KinesisVideoMediaClient client, String stream) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<List<AwsMkvReading.Chunk>> chunks = CompletableFuture.supplyAsync(() -> {
            try (ResponseInputStream<GetMediaResponse> in = client.getMedia(r -> r.streamName(stream)
                    .startSelector(s -> s.startSelectorType(StartSelectorType.NOW)))) {
                opened.complete(null);
                return AwsMkvReading.read(in);
            } catch (Exception e) {
                opened.completeExceptionally(e);
                throw new IllegalStateException(e);
            }
        });
        return new LiveGetMedia(opened, chunks);
    }
}
