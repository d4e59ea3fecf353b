package org.reckon.it.launcher;

import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Arquillian, client side: the EAR is deployed once per test run instead of once per test class
 * (registered in META-INF/services). See {@link SuiteDeployer}.
 */
public class SuiteDeploymentExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(SuiteDeployer.class);
    }
}
