package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 7: the broker is closed to remote clients. No queue or topic is bound under
 * {@code java:jboss/exported} (where remote JNDI clients look them up), there is no remote
 * connection factory and no HTTP-upgrade acceptor, and broker security is on. Read from the
 * server's own management model (its JMX view).
 */
@ExtendWith(ArquillianExtension.class)
class BrokerClosedIT {

    private static final String SERVER = "jboss.as:subsystem=messaging-activemq,server=default";

    @Test
    void noDestinationIsExportedNoRemoteAcceptorExistsAndSecurityIsOn() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        List<String> exported = new ArrayList<>();
        int destinations = 0;
        for (String kind : List.of("jms-queue", "jms-topic")) {
            Set<ObjectName> names = jmx.queryNames(new ObjectName(SERVER + "," + kind + "=*"), null);
            for (ObjectName name : names) {
                destinations++;
                for (String entry : (String[]) jmx.getAttribute(name, "entries")) {
                    if (entry.startsWith("java:jboss/exported/")) {
                        exported.add(name.getKeyProperty(kind) + " -> " + entry);
                    }
                }
            }
        }
        assertTrue(destinations >= 8, "the application's queues and topic are seen: " + destinations);
        assertEquals(List.of(), exported, "destinations bound for remote clients");
        for (String remote : List.of("connection-factory=RemoteConnectionFactory", "http-acceptor=http-acceptor",
                "http-acceptor=http-acceptor-throughput")) {
            assertFalse(jmx.isRegistered(new ObjectName(SERVER + "," + remote)), remote + " still exists");
        }
        assertEquals(Boolean.TRUE, jmx.getAttribute(new ObjectName(SERVER), "securityEnabled"), "broker security");
        assertTrue(Arrays.stream((String[]) jmx.getAttribute(new ObjectName(SERVER + ",pooled-connection-factory=activemq-ra"),
                "connectors")).allMatch("in-vm"::equals), "the application connects in-VM");
    }
}
