package org.reckon.platform.web.idempotency;

import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Annotation;
import java.util.Set;
import org.reckon.platform.json.ReckonJson;

/**
 * What an Idempotency-Key stands for: the method, the target (path and query) AND the body. A key
 * first used to refund one order and then sent, with the same body, to refund another (or to
 * create a checkout) is a different request (422), never a replay of the first answer as if the
 * second had been done. The body is the method's entity parameter as parsed, in the platform's
 * JSON, so two spellings of one body are one request.
 */
final class RequestIdentity {

    private static final Set<Class<? extends Annotation>> NOT_THE_BODY = Set.of(PathParam.class, QueryParam.class,
            HeaderParam.class, CookieParam.class, MatrixParam.class, FormParam.class, BeanParam.class, Context.class);

    private RequestIdentity() {
    }

    static String of(HttpServletRequest request, InvocationContext ctx) {
        StringBuilder identity = new StringBuilder(request.getMethod()).append(' ').append(request.getRequestURI());
        if (request.getQueryString() != null) {
            identity.append('?').append(request.getQueryString());
        }
        identity.append('\n');
        Annotation[][] annotations = ctx.getMethod().getParameterAnnotations();
        Object[] parameters = ctx.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (isBody(annotations[i]) && parameters[i] != null) {
                identity.append(ReckonJson.toJson(parameters[i]));
            }
        }
        return identity.toString();
    }

    private static boolean isBody(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (NOT_THE_BODY.contains(a.annotationType())) {
                return false;
            }
        }
        return true;
    }
}
