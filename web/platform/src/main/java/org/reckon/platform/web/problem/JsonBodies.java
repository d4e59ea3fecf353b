package org.reckon.platform.web.problem;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * A JSON body is one well-formed JSON document before anything binds it: JSON-B stops reading at
 * the end of the first value, so {@code {...}} followed by garbage or by a second document was
 * accepted as if the rest were not there. The body is read (no further than
 * {@link BodySizeLimit#MAX_BYTES}: a chunked body has no length to refuse up front), walked once
 * with JSON-P, which also finds a NUL character in any string, and handed on intact.
 */
@Provider
public class JsonBodies implements ReaderInterceptor {

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readNBytes((int) BodySizeLimit.MAX_BYTES + 1);
        if (body.length > BodySizeLimit.MAX_BYTES) {
            throw BodySizeLimit.tooLarge();
        }
        if (body.length > 0) {
            String declared = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            Charset charset = declared == null ? StandardCharsets.UTF_8 : Charset.forName(declared);
            check(body, charset);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    static void check(byte[] body, Charset charset) {
        try (JsonParser parser = PARSERS.createParser(new InputStreamReader(new ByteArrayInputStream(body), charset))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                // JSON-B bound [{...}] as if it were {...}; every body of the API is an object
                throw new ReckonException(ErrorCode.MALFORMED_REQUEST, "The request body must be a JSON object", "body");
            }
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if ((event == JsonParser.Event.VALUE_STRING || event == JsonParser.Event.KEY_NAME)
                        && parser.getString().indexOf('\0') >= 0) {
                    throw NulCharacters.nul("body");
                }
            }
        } catch (ReckonException e) {
            throw e;
        } catch (RuntimeException e) {
            // JsonException, and Parsson's plain RuntimeException for nesting deeper than 1,000
            throw new ReckonException(ErrorCode.MALFORMED_REQUEST, "The request body is not one well-formed JSON document: "
                    + firstLine(e.getMessage()), "body");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
