package org.reckon.platform.web.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.reckon.platform.contract.ContractContribution;

/**
 * Makes {@code /openapi} the contract of what travels, beyond what the annotation scanner sees
 * (names are snake_case through {@code mp.openapi.extensions.smallrye.property-naming-strategy}):
 * <ul>
 * <li>bodies whose types live outside the web module are described from the records
 * ({@link ReflectedSchemas});</li>
 * <li>every error is {@code application/problem+json} ({@link ProblemSchemas}), under each status
 * the operation can answer ({@link ErrorResponses});</li>
 * <li>an operation that declares no security is public, said explicitly with {@code security: [{}]} (the
 * empty requirement: SmallRye does not write an empty list);</li>
 * <li>money is a decimal string and a currency an ISO 4217 code, whatever the record's Java type
 * says ({@code String} in both cases);</li>
 * <li>a response schema is closed ({@code additionalProperties: false}: JSON-B writes a record's
 * components and nothing else) and requires its numbers and booleans (primitives in every
 * response record, so always written; other members are omitted when null). Request schemas stay
 * open: the server ignores members it does not know.</li>
 * </ul>
 * The in-container suite validates every exchange against the served document, so a rule here
 * that the wire does not keep fails a test.
 */
public class ContractFilter implements OASFilter {

    static final Set<String> MONEY = Set.of("amount", "price", "rate", "base_rate", "total", "subtotal", "fees",
            "taxes", "tax", "balance", "refunded_amount", "refundable", "fee", "multiplier", "debit", "credit",
            "total_debits", "total_credits", "nightly_total", "service_fee", "lowest_price_per_night");
    /**
     * Response members declared boxed, so omitted when null: {@code HotelSearch.Item} has no count
     * without a stay; the leaderboard's rebuild {@code RebuildJobs.Execution} names the execution it
     * restarts or that restarted it only when there is one. Keyed by the record's simple name (the
     * digits ReflectedSchemas appends to tell two records of one simple name apart are ignored).
     */
    static final Set<String> OPTIONAL = Set.of("Item.room_types_available", "Execution.restart_of", "Execution.restarted_as");
    static final String DECIMAL = "^-?[0-9]+(\\.[0-9]+)?$";
    static final String CURRENCY = "^[A-Z]{3}$";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            ReflectedSchemas reflected = new ReflectedSchemas(openAPI.getComponents());
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().forEach(reflected::describe));
        }
        ProblemSchemas.addTo(openAPI.getComponents());
        if (openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(ContractFilter::moneyAndCurrency);
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> requestSchemas = new java.util.HashSet<>();
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                Operation operation = op.getValue();
                if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
                    // public: one empty requirement, "no credentials needed" (an empty list is not written out)
                    operation.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement())));
                } else if (operation.getSecurity().stream().anyMatch(r -> r.hasScheme("basic"))
                        && operation.getSecurity().stream().noneMatch(r -> r.hasScheme("bearer"))) {
                    // a bearer token (POST /v1/auth/token) is accepted wherever Basic is
                    List<org.eclipse.microprofile.openapi.models.security.SecurityRequirement> either =
                            new ArrayList<>(operation.getSecurity());
                    either.add(OASFactory.createSecurityRequirement().addScheme("bearer"));
                    operation.setSecurity(either);
                }
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                ErrorResponses.document(path.getKey(), op.getKey(), operation);
                inlineSchemas(operation).forEach(ContractFilter::moneyAndCurrency);
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(ContractFilter::dateParameter);
                }
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().getMediaTypes().values()
                            .forEach(m -> reachable(m.getSchema(), openAPI, requestSchemas));
                }
            }
        }
        if (openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach((name, schema) -> {
                WireEnums.apply(name, schema);
                if (!requestSchemas.contains(name) && !name.equals(ProblemSchemas.PROBLEM)
                        && !name.equals(ProblemSchemas.VIOLATION)) {
                    closeResponseSchema(name, schema);
                }
            });
        }
    }

    /** {@code start_date}, {@code end_date}, {@code from}: ISO dates the edge parses (400 naming the parameter otherwise). */
    private static void dateParameter(org.eclipse.microprofile.openapi.models.parameters.Parameter parameter) {
        String name = parameter.getName();
        if (parameter.getSchema() != null && isString(parameter.getSchema()) && parameter.getSchema().getFormat() == null
                && (name.endsWith("_date") || name.equals("from"))) {
            parameter.getSchema().setFormat("date");
        }
    }

    /** The component schemas a request body refers to, directly or through others. */
    private static void reachable(Schema schema, OpenAPI openAPI, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
            if (names.add(name)) {
                reachable(openAPI.getComponents().getSchemas().get(name), openAPI, names);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> reachable(p, openAPI, names));
        }
        reachable(schema.getItems(), openAPI, names);
        reachable(schema.getAdditionalPropertiesSchema(), openAPI, names);
    }

    private static void closeResponseSchema(String schemaName, Schema schema) {
        if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
            return;
        }
        schema.setAdditionalPropertiesSchema(OASFactory.createSchema().booleanSchema(false));
        List<String> required = new ArrayList<>();
        schema.getProperties().forEach((name, property) -> {
            List<Schema.SchemaType> type = property.getType();
            if (type != null && type.size() == 1 && !OPTIONAL.contains(schemaName.replaceAll("[0-9]+$", "") + "." + name) && (type.contains(Schema.SchemaType.INTEGER)
                    || type.contains(Schema.SchemaType.NUMBER) || type.contains(Schema.SchemaType.BOOLEAN))) {
                required.add(name);
            }
        });
        if (!required.isEmpty()) {
            schema.setRequired(required);
        }
    }

    /** Schemas written inline in an operation (request and response bodies of generic types). */
    private static List<Schema> inlineSchemas(Operation operation) {
        List<Schema> schemas = new ArrayList<>();
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values().forEach(m -> schemas.add(m.getSchema()));
        }
        APIResponses responses = operation.getResponses();
        if (responses != null && responses.getAPIResponses() != null) {
            responses.getAPIResponses().values().stream()
                    .filter(r -> r.getContent() != null && r.getContent().getMediaTypes() != null)
                    .forEach(r -> r.getContent().getMediaTypes().values().forEach(m -> schemas.add(m.getSchema())));
        }
        schemas.removeIf(s -> s == null);
        return schemas;
    }

    /** Decimal strings for amounts, ISO 4217 for currencies, recursively through nested schemas. */
    static void moneyAndCurrency(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                // a request's @NotBlank reads as the pattern \S: the decimal or ISO pattern says more
                if (isString(property) && (property.getPattern() == null || property.getPattern().equals("\\S"))) {
                    if (name.equals("currency") || name.endsWith("_currency")) {
                        property.setPattern(CURRENCY);
                        property.setDescription("ISO 4217 currency code");
                    } else if (MONEY.contains(name) || name.endsWith("_amount")) {
                        property.setPattern(DECIMAL);
                    }
                }
                if (isString(property) && property.getFormat() == null && name.endsWith("_date")) {
                    property.setFormat("date"); // request records carry dates as strings the edge parses
                }
                moneyAndCurrency(property);
            });
        }
        moneyAndCurrency(schema.getItems());
        if (schema.getAdditionalPropertiesSchema() != null) {
            moneyAndCurrency(schema.getAdditionalPropertiesSchema());
        }
        for (List<Schema> group : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(ContractFilter::moneyAndCurrency);
            }
        }
    }

    private static boolean isString(Schema schema) {
        return schema != null && schema.getType() != null && schema.getType().contains(Schema.SchemaType.STRING);
    }

    /** The platform's problem codes and every context's, for the {@code code} property's enum. */
    static List<Object> errorCodes() {
        return ContractContribution.allProblemCodes(ContractFilter.class.getClassLoader()).stream()
                .map(c -> (Object) c.name()).toList();
    }

    static boolean matches(String path, Pattern pattern) {
        return pattern.matcher(path).find();
    }
}
