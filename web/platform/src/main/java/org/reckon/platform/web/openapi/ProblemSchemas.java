package org.reckon.platform.web.openapi;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The schema of {@link org.reckon.platform.web.problem.ProblemDetails} as it travels: RFC 9457 members plus
 * Reckon's {@code code} (one of {@link org.reckon.shared.ErrorCode}), {@code error_id} on 5xx
 * answers and {@code violations} naming each rejected field. Absent members are omitted, never
 * null (the platform's JSON-B writes no nulls). Written by hand rather than scanned because no
 * resource method returns the record: the exception mappers do.
 */
final class ProblemSchemas {

    static final String PROBLEM = "ProblemDetails";
    static final String VIOLATION = "Violation";
    static final String REF = "#/components/schemas/" + PROBLEM;

    private ProblemSchemas() {
    }

    static void addTo(Components components) {
        components.addSchema(VIOLATION, OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("One rejected field: its snake_case path as the client sent it (a parameter name, "
                        + "or a body path such as payment_orders[0].amount), and why")
                .required(List.of("field", "message"))
                .additionalPropertiesSchema(OASFactory.createSchema().booleanSchema(false))
                .addProperty("field", string("the rejected parameter, header or body property"))
                .addProperty("message", string("why it was rejected")));
        components.addSchema(PROBLEM, OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details, the body of every error (application/problem+json)")
                .required(List.of("type", "title", "status", "code"))
                .additionalPropertiesSchema(OASFactory.createSchema().booleanSchema(false))
                .addProperty("type", string("a stable URI naming the problem type").format("uri"))
                .addProperty("title", string("the problem type's short summary"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", string("what went wrong with this request"))
                .addProperty("instance", string("the request path"))
                .addProperty("code", string("Reckon's error code").enumeration(ContractFilter.errorCodes()))
                .addProperty("error_id", string("on 5xx answers: the id the server log carries beside the failure"))
                .addProperty("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + VIOLATION))));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
