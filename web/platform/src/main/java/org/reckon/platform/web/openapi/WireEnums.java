package org.reckon.platform.web.openapi;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.reckon.platform.contract.ContractContribution;

/**
 * The closed sets the views write as plain strings ({@code status().name()}), by schema and
 * property: the records say {@code String}, the wire says one of these. Each context contributes
 * its own (ContractContribution in its web module).
 */
final class WireEnums {

    private static final Map<String, List<String>> BY_PROPERTY =
            ContractContribution.allWireEnums(WireEnums.class.getClassLoader());

    private WireEnums() {
    }

    static void apply(String schemaName, Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((property, s) -> {
            List<String> values = BY_PROPERTY.get(schemaName + "." + property);
            if (values != null && s.getEnumeration() == null) {
                s.setEnumeration(List.copyOf(values));
            }
        });
    }
}
