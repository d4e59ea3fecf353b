package org.reckon.faults.support;

import java.nio.file.Path;

/** The real Elasticsearch, through wildfly-config's elasticsearch.sh (which drops root). Stoppable: a fault. */
public final class Elasticsearch {

    private final Path script;
    private final Path home;
    private final int port;
    private final Path state;

    Elasticsearch(Path script, Path home, int port, Path state) {
        this.script = script;
        this.home = home;
        this.port = port;
        this.state = state;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void start() {
        Platform.run("bash", script.toString(), "start", home.toString(), Integer.toString(port), state.toString(),
                Long.toString(ProcessHandle.current().pid())); // stops with the suite's JVM, whatever happens
    }

    public void stop() {
        Platform.run("bash", script.toString(), "stop", state.toString());
    }
}
