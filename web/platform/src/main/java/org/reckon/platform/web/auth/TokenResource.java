package org.reckon.platform.web.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * {@code POST /v1/auth/token}: logs in once (Basic) and answers a bearer token, accepted by every
 * endpoint beside Basic ({@code Authorization: Bearer <access_token>}) for {@code expires_in}
 * seconds. The booking page keeps the token, never the password.
 */
@Path("/auth/token")
@ApplicationScoped
@RolesAllowed({"customer", "staff", "admin"})
@SecurityRequirement(name = "basic")
public class TokenResource {

    static final List<String> ROLES = List.of("customer", "staff", "admin");

    @Inject
    TokenIssuer issuer;

    @Context
    SecurityContext security;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Token issue() {
        if (!issuer.ready()) {
            throw new ReckonException(ErrorCode.INTERNAL_ERROR, "no token signing key is configured");
        }
        List<String> roles = ROLES.stream().filter(security::isUserInRole).toList();
        String user = security.getUserPrincipal().getName();
        return new Token(issuer.issue(user, roles, Instant.now()), "Bearer", TokenIssuer.LIFETIME.toSeconds());
    }

    public record Token(String accessToken, String tokenType, long expiresIn) {
    }
}
