package org.reckon.faults.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The leaderboard's Redis, through wildfly-config's redis.sh: one server, no persistence (it is
 * a projection). Killable (SIGKILL) and restartable empty: a fault.
 */
public final class Redis {

    private final Path script;
    private final int port;
    private final Path state;

    Redis(Path script, int port, Path state) {
        this.script = script;
        this.port = port;
        this.state = state;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public void start() {
        Platform.run("bash", script.toString(), "start", Integer.toString(port), state.toString(),
                Long.toString(ProcessHandle.current().pid()));
    }

    /** SIGKILL: whatever it held is gone. */
    public void kill() {
        try {
            String pid = java.nio.file.Files.readString(state.resolve(Integer.toString(port)).resolve("redis.pid")).trim();
            Platform.run("kill", "-9", pid);
            java.nio.file.Files.deleteIfExists(state.resolve(Integer.toString(port)).resolve("redis.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        Platform.run("bash", script.toString(), "stop", state.toString());
    }
}
