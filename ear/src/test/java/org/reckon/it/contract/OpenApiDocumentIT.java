package org.reckon.it.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import tools.jackson.databind.JsonNode;

/** The served {@code /openapi} is Reckon's contract: wire names, security and errors on every operation, no sandbox. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenApiDocumentIT {

    private static final Pattern CAMEL = Pattern.compile("[a-z0-9][A-Z]");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private static JsonNode document() throws Exception {
        JsonNode doc = OpenApiContract.served(Http.baseUrl()).document();
        Files.writeString(Path.of("target", "openapi.json"), doc.toPrettyString());
        return doc;
    }

    @Test
    void everyOperationNamesItsSecurityAndAnswersErrorsAsProblemJson() throws Exception {
        JsonNode doc = document();
        List<String> wrong = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode op = path.getValue().path(method);
                if (op.isMissingNode()) {
                    continue;
                }
                operations++;
                String name = method.toUpperCase() + " " + path.getKey();
                JsonNode security = op.path("security");
                if (!security.isArray() || security.isEmpty()) {
                    wrong.add(name + ": no security requirement (public ones say security: [{}])");
                } else if (!OpenApiContract.isPublic(op) && !security.get(0).has("basic")) {
                    wrong.add(name + ": security is not the basic scheme: " + security);
                }
                int problems = 0;
                for (Map.Entry<String, JsonNode> response : op.path("responses").properties()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        JsonNode schema = response.getValue().path("content").path("application/problem+json").path("schema");
                        if (!"#/components/schemas/ProblemDetails".equals(schema.path("$ref").asString(""))) {
                            wrong.add(name + " " + response.getKey() + ": not application/problem+json ProblemDetails");
                        }
                        problems++;
                    }
                }
                for (String status : List.of("400", "401", "500", "503")) {
                    if (!op.path("responses").has(status)) {
                        wrong.add(name + ": " + status + " undocumented");
                    }
                }
                if (!OpenApiContract.isPublic(op) && !op.path("responses").has("403")) {
                    wrong.add(name + ": needs a role but documents no 403");
                }
                if (problems == 0) {
                    wrong.add(name + ": no error response");
                }
            }
        }
        System.out.println("[reckon-it] /openapi has " + operations + " operations on " + doc.path("paths").size() + " paths");
        assertTrue(operations > 40, "operations: " + operations);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** A resource method that needs a role requires the basic scheme; a public one says {@code security: []}. */
    @Test
    void securityFollowsRolesAllowed() throws Exception {
        JsonNode doc = document();
        Map<String, java.util.Set<String>> endpoints = org.reckon.it.faults.ResourceMethods.rolesInEar(
                new java.io.File(System.getProperty("reckon.ear.file")));
        List<String> wrong = new ArrayList<>();
        endpoints.forEach((endpoint, roles) -> {
            String[] parts = endpoint.split(" ", 2);
            JsonNode op = doc.path("paths").path(parts[1]).path(parts[0].toLowerCase(java.util.Locale.ROOT));
            if (op.isMissingNode()) {
                wrong.add(endpoint + ": not in /openapi");
            } else if (roles.isEmpty() != OpenApiContract.isPublic(op)) {
                wrong.add(endpoint + ": roles " + roles + " but security " + op.path("security"));
            }
        });
        assertTrue(endpoints.size() > 40, "endpoints found: " + endpoints.size());
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void propertyNamesAreTheWireNamesNotJavaNames() throws Exception {
        List<String> camel = new ArrayList<>();
        walk(document(), "", camel);
        assertEquals(List.of(), camel);
    }

    @Test
    void thePspSandboxIsNotReckonsApi() throws Exception {
        JsonNode doc = document();
        List<String> foreign = new ArrayList<>();
        doc.path("paths").propertyNames().forEach(p -> {
            if (!p.startsWith("/v1/") || p.startsWith("/psp-sandbox") || p.startsWith("/api/v1")) {
                foreign.add(p);
            }
        });
        assertEquals(List.of(), foreign);
        assertTrue(doc.path("paths").has("/v1/payments"), "Reckon's own paths are there");
    }

    /** A success body is described member by member: a view the scanner could not see would validate anything. */
    @Test
    void everySuccessBodyIsDescribed() throws Exception {
        JsonNode doc = document();
        List<String> opaque = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String method : METHODS) {
                for (Map.Entry<String, JsonNode> response : path.getValue().path(method).path("responses").properties()) {
                    JsonNode schema = response.getValue().path("content").path("application/json").path("schema");
                    if (response.getKey().startsWith("2") && !schema.isMissingNode()) {
                        describe(doc, schema, method.toUpperCase() + " " + path.getKey() + " " + response.getKey(), opaque, 0, true);
                    }
                }
            }
        }
        assertEquals(List.of(), opaque);
    }

    /** {@code named}: the body itself or a component; an inline free-form object (search documents) may stay open. */
    private static void describe(JsonNode doc, JsonNode schema, String at, List<String> opaque, int depth, boolean named) {
        if (depth > 6) {
            return;
        }
        if (schema.has("$ref")) {
            describe(doc, doc.at(schema.get("$ref").asString().substring(1)), at + " -> " + schema.get("$ref").asString(), opaque,
                    depth + 1, true);
            return;
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asString("") : schema.path("type").asString("");
        if (type.equals("array")) {
            describe(doc, schema.path("items"), at + "[]", opaque, depth + 1, false);
        } else if (type.equals("object") || type.isEmpty()) {
            boolean described = schema.path("properties").size() > 0 || schema.has("additionalProperties");
            if (!described && named) {
                opaque.add(at + ": " + schema);
            }
            schema.path("properties").properties().forEach(p -> {
                if (p.getValue().has("$ref") || p.getValue().path("type").asString("").equals("array")) {
                    describe(doc, p.getValue(), at + "." + p.getKey(), opaque, depth + 1, false);
                }
            });
        }
    }

    /** Every name under a {@code properties} object, and every {@code required} entry, anywhere in the document. */
    private static void walk(JsonNode node, String at, List<String> camel) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("properties") && e.getValue().isObject()) {
                    e.getValue().propertyNames().forEach(n -> {
                        if (CAMEL.matcher(n).find()) {
                            camel.add(at + "/properties/" + n);
                        }
                    });
                }
                if (e.getKey().equals("required") && e.getValue().isArray()) {
                    e.getValue().forEach(n -> {
                        if (CAMEL.matcher(n.asString("")).find()) {
                            camel.add(at + "/required/" + n.asString(""));
                        }
                    });
                }
                walk(e.getValue(), at + "/" + e.getKey(), camel);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, camel);
            }
        }
    }
}
