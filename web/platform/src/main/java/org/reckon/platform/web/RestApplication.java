package org.reckon.platform.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Every API lives under {@code /v1} on context root {@code /}, so the seed's paths work as
 * written ({@code /v1/payments}, {@code /v1/reservations}). JSON names are snake_case everywhere
 * (see {@link JsonbConfiguration}).
 */
@ApplicationPath("/v1")
@OpenAPIDefinition(info = @Info(title = "Reckon", version = "v1",
        description = "Payments, double-entry ledger and wallets, hotel reservations. "
                + "Errors are RFC 9457 application/problem+json; money is a decimal string plus an ISO 4217 currency."))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A token from POST /v1/auth/token (RS256, 15 minutes), accepted wherever basic is")
public class RestApplication extends Application {
}
