package io.storagesession.mediastore.read;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.FragmentStore;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /listFragments} (KVS-WIRE.md §6): the fragments whose producer or server timestamp is within
 * {@code FragmentSelector.TimestampRange} (both ends inclusive, as the AWS model documents), at most
 * {@code MaxResults} (1..1000) per page, with a {@code NextToken} when more follow. Answered from the in-memory index,
 * on the event loop.
 *
 * <p>As the KVS API reference (ListFragments) has it: the FragmentSelector "is only required when the NextToken isn't
 * passed" — a first request without one is an InvalidArgumentException, a NextToken carries the selector of the
 * listing it continues (a selector sent with it is not used); MaxResults "The default value is 100"
 * ({@code media-store.read.default-max-results}); results "are in no specific order, even across pages" — these are
 * in time order, then fragment number, which is one such order and lets a token say where to continue.
 */
public final class ListFragmentsApi {
    /** The AWS model's ListFragmentsMaxResults range. */
    private static final int MAX_RESULTS = 1000;
    private static final String TOKEN_SEPARATOR = "|";
    private static final String TOKEN_VERSION = "v1";
    private static final int TOKEN_FIELDS = 6;
    /** The AWS model's NextToken length bound. */
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final StreamLookup lookup;
    private final FragmentStore store;
    private final int defaultMaxResults;

    public ListFragmentsApi(StreamLookup lookup, FragmentStore store, int defaultMaxResults) {
        this.lookup = lookup;
        this.store = store;
        this.defaultMaxResults = defaultMaxResults;
    }

    public ApiOperation operation() {
        return ApiOperation.signaling("/listFragments", "ListFragments", this::list);
    }

    /** Where a listing is: selector and range, and the last fragment already returned. */
    private record Position(TimestampKind kind, long from, long to, long afterMillis, long afterNumber) {
        String token() {
            String raw = String.join(TOKEN_SEPARATOR, TOKEN_VERSION, kind.name(), Long.toString(from),
                    Long.toString(to), Long.toString(afterMillis), Long.toString(afterNumber));
            return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Position parse(String token) {
            if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
                throw ApiException.invalidArgument("NextToken must be 1 to " + MAX_TOKEN_LENGTH + " characters");
            }
            try {
                String[] f = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8)
                        .split("\\" + TOKEN_SEPARATOR);
                if (f.length != TOKEN_FIELDS || !TOKEN_VERSION.equals(f[0])) {
                    throw new IllegalArgumentException("not a token");
                }
                return new Position(TimestampKind.valueOf(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidArgument("NextToken is not one this server returned");
            }
        }
    }

    private Future<JsonObject> list(ApiCall call) {
        Stream stream = lookup.stream(call);
        int limit = maxResults(call.body().getValue("MaxResults"));
        String token = call.optionalString("NextToken");
        Position position = token != null ? Position.parse(token) : selector(call.optionalObject("FragmentSelector"));
        List<FragmentInfo> page = store.list(stream.arn(), position.kind(), position.from(), position.to(),
                position.afterMillis(), position.afterNumber(), limit + 1);
        JsonArray fragments = new JsonArray();
        for (FragmentInfo f : page.subList(0, Math.min(limit, page.size()))) {
            fragments.add(new JsonObject().put("FragmentNumber", f.numberString())
                    .put("FragmentSizeInBytes", f.sizeBytes())
                    .put("ProducerTimestamp", Timestamps.seconds(f.producerTimestampMillis()))
                    .put("ServerTimestamp", Timestamps.seconds(f.serverTimestampMillis()))
                    .put("FragmentLengthInMilliseconds", f.durationMillis()));
        }
        JsonObject out = new JsonObject().put("Fragments", fragments);
        if (page.size() > limit) {
            FragmentInfo last = page.get(limit - 1);
            out.put("NextToken", new Position(position.kind(), position.from(), position.to(),
                    last.timestamp(position.kind()), last.number()).token());
        }
        return Future.succeededFuture(out);
    }

    /** The AWS model's MaxResults is a Long: any whole number is the right type, and outside 1..1000 invalid. */
    private int maxResults(Object value) {
        if (value == null) {
            return defaultMaxResults;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.serialization("MaxResults must be an integer");
        }
        if (n.doubleValue() < 1 || n.doubleValue() > MAX_RESULTS) {
            throw ApiException.invalidArgument("MaxResults must be between 1 and " + MAX_RESULTS);
        }
        return n.intValue();
    }

    private static Position selector(JsonObject selector) {
        if (selector == null) {
            throw ApiException.invalidArgument("FragmentSelector is required when NextToken is not given");
        }
        TimestampKind kind;
        try {
            kind = TimestampKind.valueOf(String.valueOf(selector.getValue("FragmentSelectorType")));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("FragmentSelectorType must be PRODUCER_TIMESTAMP or SERVER_TIMESTAMP");
        }
        if (!(selector.getValue("TimestampRange") instanceof JsonObject range)) {
            throw ApiException.invalidArgument("FragmentSelector.TimestampRange is required");
        }
        long from = Timestamps.millis(range.getValue("StartTimestamp"), "StartTimestamp");
        long to = Timestamps.millis(range.getValue("EndTimestamp"), "EndTimestamp");
        if (from > to) {
            throw ApiException.invalidArgument("StartTimestamp must not be after EndTimestamp");
        }
        return new Position(kind, from, to, Long.MIN_VALUE, Long.MIN_VALUE);
    }
}
