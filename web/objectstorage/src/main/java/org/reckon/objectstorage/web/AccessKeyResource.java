package org.reckon.objectstorage.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.objectstorage.auth.AccessKeys;
import org.reckon.objectstorage.catalog.AccessKey;
import org.reckon.objectstorage.catalog.Catalog;
import org.reckon.objectstorage.domain.ObjectStorageError;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * S3 access keys of the logged-in user: {@code POST} makes one (the answer carries the secret,
 * shown this once), {@code DELETE} revokes one; the S3 endpoint refuses a revoked key at once
 * (InvalidAccessKeyId). A staff user's key sees every bucket. Someone else's key is 404 like a
 * missing one; staff may revoke any.
 */
@Path("/object-storage/access-keys")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"customer", "staff"})
@SecurityRequirement(name = "basic")
public class AccessKeyResource {

    @Inject
    Catalog catalog;

    @Inject
    AccessKeys accessKeys;

    @Context
    SecurityContext security;

    @Context
    UriInfo uriInfo;

    @POST
    @APIResponse(responseCode = "201", description = "Created: the secret is shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccessKeyView.class)))
    @APIResponse(responseCode = "409", description = "access-key-limit: the user holds " + ObjectStorageError.MAX_LIVE_KEYS + " live keys")
    public Response create() throws SQLException {
        String user = security.getUserPrincipal().getName();
        if (catalog.liveAccessKeys(user) >= ObjectStorageError.MAX_LIVE_KEYS) {
            throw new ReckonException(ObjectStorageError.ACCESS_KEY_LIMIT, "revoke one of your " + ObjectStorageError.MAX_LIVE_KEYS + " keys first");
        }
        AccessKey key = catalog.createAccessKey(user, security.isUserInRole("staff"));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(key.accessKeyId()).build())
                .entity(new AccessKeyView(key.accessKeyId(), key.secret(), key.owner(), key.createdAt())).build();
    }

    @DELETE
    @Path("/{access_key_id: [A-Za-z0-9-]{1,64}}")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("access_key_id") String accessKeyId) throws SQLException {
        boolean staff = security.isUserInRole("staff");
        if (!accessKeys.revoke(accessKeyId, staff ? null : security.getUserPrincipal().getName())) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "no live access key " + accessKeyId + " of yours");
        }
        return Response.noContent().build();
    }
}
