package io.storagesession.api.controlplane;

import io.storagesession.api.http.ApiCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a name-ordered list operation (ListSignalingChannels, ListStreams) as the KVS model shapes it:
 * {@code MaxResults} (1..10000), an opaque {@code NextToken}, and a {@code BEGINS_WITH} name condition.
 */
final class Listing {
    private Listing() {
    }

    /** Reads up to {@code limit} resources whose names start with {@code prefix} (null: any), after {@code afterName}. */
    @FunctionalInterface
    interface Source<T> {
        List<T> page(String prefix, String afterName, int limit);
    }

    static <T> JsonObject page(ApiCall call, ControlPlaneSettings settings, String conditionField, String listField,
                               Source<T> source, Function<T, JsonObject> view, Function<T, String> name) {
        int max = Validation.range("MaxResults", call.optionalInt("MaxResults"), 1, Validation.MAX_LIST_RESULTS,
                settings.defaultMaxResults());
        String after = PageToken.lastName(call.optionalString("NextToken"));
        String prefix = NameCondition.prefix(call.optionalObject(conditionField));
        List<T> page = source.page(prefix, after, max + 1);
        JsonArray infos = new JsonArray();
        page.stream().limit(max).forEach(item -> infos.add(view.apply(item)));
        JsonObject out = new JsonObject().put(listField, infos);
        if (page.size() > max) {
            out.put("NextToken", PageToken.after(name.apply(page.get(max - 1))));
        }
        return out;
    }
}
