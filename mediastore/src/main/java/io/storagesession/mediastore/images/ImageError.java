package io.storagesession.mediastore.images;

/**
 * Why an Image of a GetImages answer has no ImageContent (the AWS model's ImageError): {@code NO_MEDIA} when the
 * stream holds no video frame for the sample's time, {@code MEDIA_ERROR} when it holds one but no image could be made
 * of it (no H.264 track, a frame that does not decode, an image larger than ImageContent allows).
 */
enum ImageError {
    NO_MEDIA, MEDIA_ERROR
}
