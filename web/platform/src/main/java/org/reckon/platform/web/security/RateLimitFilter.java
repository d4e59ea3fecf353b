package org.reckon.platform.web.security;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.reckon.platform.json.ReckonJson;
import org.reckon.platform.web.problem.ProblemDetails;
import org.reckon.platform.web.problem.Problems;
import org.reckon.shared.ErrorCode;

/**
 * Answers 429 problem+json with {@code Retry-After} when a client is over a limit of
 * {@link RateLimits}: a (client, user) blocked after failed logins, even when this request's
 * password is right (refused logins are counted by {@code AuthenticationFailedServlet}), or too
 * many anonymous API requests. PSP webhooks are authenticated by their signature and not limited.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RateLimitFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    RateLimits limits;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String address = request.getRemoteAddr();
        if (!limits.exempt(address)) {
            String authorization = request.getHeader("Authorization");
            String user = RateLimits.basicUser(authorization);
            long wait = user != null ? limits.loginBlockedFor(address, user)
                    : authorization == null && request.getRequestURI().startsWith("/v1/")
                    && !request.getRequestURI().startsWith("/v1/psp/webhooks") ? limits.anonymousRequest(address) : 0;
            if (wait > 0) {
                tooMany(request, response, wait, user != null ? "too many failed logins for " + user + " from this client"
                        : "too many requests from this client");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    public static void tooMany(HttpServletRequest request, HttpServletResponse response, long seconds, String detail)
            throws IOException {
        ErrorCode code = ErrorCode.TOO_MANY_REQUESTS;
        ProblemDetails body = new ProblemDetails(code.type(), code.title(), code.status(), detail + "; retry in " + seconds + " s",
                request.getRequestURI(), code.name(), null, null);
        response.setStatus(code.status());
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType(Problems.PROBLEM_JSON.toString());
        response.getOutputStream().write(ReckonJson.toJson(body).getBytes(StandardCharsets.UTF_8));
    }
}
