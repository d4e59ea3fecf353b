package org.reckon.objectstorage.s3;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.reckon.objectstorage.maintenance.Maintenance;

/**
 * Operators' triggers (loopback only, like the heartbeats): {@code POST /_reckon/scrub} runs the
 * scrubber now, {@code POST /_reckon/gc?grace=PT1H&compact-min-dead=0.25} garbage collection with
 * the given grace for pending writes, compacting the nodes where that share of the bytes is dead
 * (default 0: every node with any). Each answers its report as one text line.
 */
@WebServlet({"/_reckon/scrub", "/_reckon/gc"})
public class MaintenanceServlet extends HttpServlet {

    @EJB
    Maintenance maintenance;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!HeartbeatServlet.local(req)) {
            resp.sendError(403);
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        if (req.getServletPath().endsWith("scrub")) {
            resp.getWriter().write(maintenance.scrub().toString());
            return;
        }
        Duration grace;
        try {
            grace = Duration.parse(req.getParameter("grace") == null ? "PT1H" : req.getParameter("grace"));
        } catch (DateTimeParseException e) {
            resp.sendError(400, "grace must be an ISO-8601 duration");
            return;
        }
        double minDead;
        try {
            minDead = Double.parseDouble(req.getParameter("compact-min-dead") == null ? "0" : req.getParameter("compact-min-dead"));
        } catch (NumberFormatException e) {
            resp.sendError(400, "compact-min-dead must be a ratio");
            return;
        }
        resp.getWriter().write(maintenance.collectGarbage(grace, minDead).toString());
    }
}
