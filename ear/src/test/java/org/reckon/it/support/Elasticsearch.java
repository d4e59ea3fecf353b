package org.reckon.it.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Stops and starts the real Elasticsearch the build started, through the same script. */
public final class Elasticsearch {

    private Elasticsearch() {
    }

    public static void stop() {
        run("stop", System.getProperty("reckon.test.es.state"));
    }

    public static void start() {
        run("start", System.getProperty("reckon.test.es.home"), System.getProperty("reckon.test.es.port"),
                System.getProperty("reckon.test.es.state"));
    }

    private static void run(String... arguments) {
        String[] command = new String[arguments.length + 2];
        command[0] = "bash";
        command[1] = System.getProperty("reckon.test.es.script");
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("elasticsearch.sh " + arguments[0] + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
