package io.storagesession.api.controlplane;

import io.storagesession.api.registry.KvsLimits;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code ChannelNameCondition} / {@code StreamNameCondition}: {@code {ComparisonOperator: BEGINS_WITH,
 * ComparisonValue}}, the only filter the KVS list operations offer.
 */
final class NameCondition {
    private static final List<String> OPERATORS = List.of("BEGINS_WITH");

    private NameCondition() {
    }

    /** The required name prefix, or null when there is no condition. */
    static String prefix(JsonObject condition) {
        if (condition == null) {
            return null;
        }
        Validation.oneOf("ComparisonOperator", Validation.string(condition, "ComparisonOperator"), OPERATORS,
                OPERATORS.get(0));
        String value = Validation.string(condition, "ComparisonValue");
        if (value == null) {
            throw Validation.missing("ComparisonValue");
        }
        return Validation.name("ComparisonValue", value, KvsLimits.MAX_NAME_LENGTH);
    }
}
