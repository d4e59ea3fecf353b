package org.reckon.platform.json;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * Integer and Long properties take whole numbers that fit, Booleans true or false, or nothing: by default JSON-B
 * narrowed {@code 99999999999999999999} to some other long and {@code 1.5} to 1, so a value the
 * client never sent was acted on. A number in a string ("2") is still read, as before.
 */
final class WholeNumbers {

    private WholeNumbers() {
    }

    /** The value the parser stands on, as a number; null for JSON null. */
    static BigDecimal read(JsonParser parser) {
        JsonValue value = parser.getValue();
        try {
            if (value instanceof JsonNumber number) {
                return number.bigDecimalValue();
            }
            if (value instanceof JsonString string) {
                return new BigDecimal(string.getString().trim());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        throw new JsonbException("expected a whole number, found " + value.getValueType());
    }

    static JsonbException tooBig(BigDecimal value) {
        return new JsonbException("expected a whole number within range, found " + value.toString().substring(0,
                Math.min(40, value.toString().length())));
    }

    /** The value as the exact whole number {@code convert} gives, or a JsonbException if it is not one or does not fit. */
    static <N> N exact(BigDecimal value, java.util.function.Function<BigDecimal, N> convert) {
        if (value == null) {
            return null;
        }
        if (value.precision() - value.scale() > 19) {
            throw tooBig(value); // before 1e999999999 is expanded to a billion digits
        }
        try {
            return convert.apply(value);
        } catch (ArithmeticException e) {
            throw tooBig(value);
        }
    }

    /** For Integer properties. */
    public static final class Ints implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return exact(read(parser), BigDecimal::intValueExact);
        }
    }

    /** For Long properties. */
    public static final class Longs implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return exact(read(parser), BigDecimal::longValueExact);
        }
    }

    /** For Boolean and boolean properties: true, false, "true", "false"; not "maybe" or 1, which JSON-B read as false. */
    public static final class Booleans implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                return value == JsonValue.TRUE;
            }
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value instanceof JsonString string && (string.getString().equals("true") || string.getString().equals("false"))) {
                return Boolean.valueOf(string.getString());
            }
            throw new JsonbException("expected true or false, found " + value.getValueType());
        }
    }
}
