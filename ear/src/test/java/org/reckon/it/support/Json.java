package org.reckon.it.support;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** Parses response bodies in client-side tests. */
public final class Json {

    private Json() {
    }

    public static JsonObject object(String body) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
