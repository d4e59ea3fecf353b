package org.reckon.objectstorage.s3;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.reckon.objectstorage.cluster.ClusterMap;

/**
 * The data nodes' heartbeats (POST id, url, live_bytes, blocks) feed the placement service's
 * cluster map; GET lists the map (id, url, live or dead, age of the last beat). Internal: the
 * path starts with "_", which no bucket name can, and only loopback callers that no proxy relayed are accepted (the
 * data nodes run on the server's machine here; a multi-host deployment would put this behind its
 * own network).
 */
@WebServlet("/_reckon/heartbeat")
public class HeartbeatServlet extends HttpServlet {

    @Inject
    ClusterMap cluster;

    /**
     * An internal caller: a loopback address that no proxy relayed. On the cluster the balancer's
     * reverse proxy connects from loopback too; it refuses /_reckon itself, and it marks what it
     * relays with X-Forwarded-For, so a relayed request is refused here as well.
     */
    static boolean local(HttpServletRequest req) {
        String a = req.getRemoteAddr();
        boolean loopback = a.equals("127.0.0.1") || a.equals("0:0:0:0:0:0:0:1") || a.equals("::1");
        return loopback && req.getHeader("X-Forwarded-For") == null && req.getHeader("Forwarded") == null;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!local(req)) {
            resp.sendError(403);
            return;
        }
        String id = req.getParameter("id");
        String url = req.getParameter("url");
        if (id == null || url == null || !id.matches("[A-Za-z0-9_-]{1,40}") || !url.startsWith("http://")) {
            resp.sendError(400);
            return;
        }
        cluster.heartbeat(id, url, parse(req.getParameter("live_bytes")), parse(req.getParameter("blocks")));
        resp.setStatus(204);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!local(req)) {
            resp.sendError(403);
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        StringBuilder b = new StringBuilder();
        long now = System.currentTimeMillis();
        for (ClusterMap.Node n : cluster.all()) {
            b.append(n.id()).append(' ').append(n.url()).append(' ').append(cluster.alive(n.id()) ? "live" : "dead")
                    .append(' ').append(now - n.lastBeat().toEpochMilli()).append("ms blocks=").append(n.blocks()).append('\n');
        }
        resp.getWriter().write(b.toString());
    }

    private static long parse(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
