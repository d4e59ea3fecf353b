package org.reckon.it.launcher;

import java.lang.reflect.Method;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentScenario;
import org.jboss.arquillian.container.spi.event.DeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.DeploymentEvent;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.container.spi.event.UnDeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.container.test.impl.client.deployment.event.GenerateDeployment;
import org.jboss.arquillian.core.api.Event;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.arquillian.test.spi.annotation.ClassScoped;

/**
 * One deployment per test run. Arquillian's own cycle is, per test class: generate the class's
 * {@code DeploymentScenario}, deploy it, run the tests, undeploy it. Each deploy of the real EAR
 * re-runs Flyway and Hibernate's schema validation on three databases, so a run of 15 classes paid
 * that 15 times. Here, instead:
 * <ul>
 * <li>the first class's scenario is generated from {@link ReckonSuite} (the shipped EAR plus every
 * suite class, {@code ReckonDeployment.suite()}) and kept; every later class is handed the very
 * same scenario, so the same {@code Deployment} object, with its protocol metadata, serves all;</li>
 * <li>a class's deploy is let through only while that deployment is not deployed yet, and a class's
 * undeploy never;</li>
 * <li>the deployment is undeployed once, just before the container stops at the end of the run.</li>
 * </ul>
 * Test classes therefore declare no {@code @Deployment}: one that does is an error, since it would be
 * silently ignored. A client-side class says {@code @RunAsClient}.
 *
 * <p>Modelled on the idea of arquillian-suite-extension (org.eu.ingwar.tools), which targets
 * JUnit 4 and older Arquillian; this is the part we need, on Arquillian 1.10 and JUnit 5.
 */
public class SuiteDeployer {

    @Inject
    @ClassScoped
    private InstanceProducer<DeploymentScenario> classScenario;

    @Inject
    private Event<GenerateDeployment> generate;

    @Inject
    private Event<DeploymentEvent> deploymentEvent;

    @Inject
    private Instance<ContainerRegistry> containers;

    private DeploymentScenario suite;
    private boolean generatingSuite;

    public void generateOnce(@Observes EventContext<GenerateDeployment> context) {
        if (generatingSuite) {
            context.proceed(); // ReckonSuite's own generation, fired below
            return;
        }
        rejectOwnDeployment(context.getEvent().getTestClass());
        if (suite == null) {
            generatingSuite = true;
            try {
                generate.fire(new GenerateDeployment(new TestClass(ReckonSuite.class)));
            } finally {
                generatingSuite = false;
            }
            suite = classScenario.get();
        }
        classScenario.set(suite);
    }

    public void deployOnce(@Observes EventContext<DeployManagedDeployments> context) {
        DeploymentScenario scenario = classScenario.get();
        if (scenario != suite || scenario.deployments().stream().anyMatch(d -> !d.isDeployed())) {
            context.proceed();
        }
    }

    public void keepDeployed(@Observes EventContext<UnDeployManagedDeployments> context) {
        if (classScenario.get() != suite) {
            context.proceed();
        }
    }

    public void undeployAtEnd(@Observes BeforeStop event) {
        if (suite == null) {
            return;
        }
        for (Deployment deployment : suite.deployedDeploymentsInUnDeployOrder()) {
            Container container = containers.get().getContainer(deployment.getDescription().getTarget());
            if (container != null && container.getDeployableContainer() == event.getDeployableContainer()) {
                deploymentEvent.fire(new UnDeployDeployment(container, deployment));
            }
        }
    }

    private static void rejectOwnDeployment(TestClass testClass) {
        for (Method m : testClass.getMethods(org.jboss.arquillian.container.test.api.Deployment.class)) {
            throw new IllegalStateException(testClass.getName() + "." + m.getName() + " declares a @Deployment, which"
                    + " would be ignored: the suite deploys one EAR per run (ReckonDeployment.suite()). Remove it;"
                    + " add a class the tests need under org.reckon.it, and mark client-side classes @RunAsClient.");
        }
    }
}
