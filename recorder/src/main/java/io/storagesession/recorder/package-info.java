/**
 * The recorder: the master's H.264 and the full audio mix, as MKV fragments in the shape KVS producers send
 * (KVS-WIRE.md §5), delivered with PutMedia (KVS-WIRE.md §4) to the local media store or to Kinesis Video Streams.
 */
package io.storagesession.recorder;
