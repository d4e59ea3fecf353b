package org.reckon.it.launcher;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.reckon.it.support.ReckonDeployment;

/** The suite's only {@code @Deployment}, generated once by {@link SuiteDeployer}. Not a test. */
public final class ReckonSuite {

    private ReckonSuite() {
    }

    @Deployment
    static EnterpriseArchive ear() {
        return ReckonDeployment.suite();
    }
}
