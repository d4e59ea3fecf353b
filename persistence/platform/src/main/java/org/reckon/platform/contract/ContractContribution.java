package org.reckon.platform.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ProblemCode;

/**
 * What a context adds to the platform's API contract ({@code /openapi}) that its classes cannot
 * say by themselves: its own problem codes, and the closed sets its views write as plain strings.
 * Each context's web module declares one in
 * {@code META-INF/services/org.reckon.platform.contract.ContractContribution}, so the platform's
 * OpenAPI filter names no context.
 */
public interface ContractContribution {

    /** The context's problem codes, besides the platform's {@link ErrorCode}s. */
    default List<ProblemCode> problemCodes() {
        return List.of();
    }

    /** Closed sets of string properties, by {@code "SchemaName.property"} (e.g. {@code "OrderView.status"}). */
    default Map<String, List<String>> wireEnums() {
        return Map.of();
    }

    /** Every contribution {@code loader} sees. */
    static List<ContractContribution> all(ClassLoader loader) {
        return ServiceLoader.load(ContractContribution.class, loader).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** The platform's problem codes, then every context's. */
    static List<ProblemCode> allProblemCodes(ClassLoader loader) {
        List<ProblemCode> codes = new ArrayList<>(List.of(ErrorCode.values()));
        all(loader).forEach(c -> codes.addAll(c.problemCodes()));
        return codes;
    }

    /** Every context's closed string sets, by schema and property. */
    static Map<String, List<String>> allWireEnums(ClassLoader loader) {
        Map<String, List<String>> enums = new LinkedHashMap<>();
        all(loader).forEach(c -> enums.putAll(c.wireEnums()));
        return enums;
    }

    /** The names of an enum's constants, as the views write them. */
    static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }
}
