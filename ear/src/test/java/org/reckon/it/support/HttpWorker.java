package org.reckon.it.support;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** The HTTP listener's worker as XNIO's own MBean shows it (the tests run inside the server). */
public final class HttpWorker {

    private HttpWorker() {
    }

    /** Threads of the default worker running a task now. */
    public static int busyThreads() throws Exception {
        // the worker's own name; its listeners' servers have the same keys plus an address
        return (Integer) ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("org.xnio:type=Xnio,provider=\"nio\",worker=\"default\""), "BusyWorkerThreadCount");
    }
}
