package org.reckon.it.contract;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Logger;

/**
 * The in-container half of {@link ContractReport}: the exchanges the tests running inside the
 * server validated against /openapi, logged to the server log when the suite's one deployment is
 * undeployed at the end of the run. (A mismatch there already failed its test.)
 */
@Singleton
@Startup
public class InContainerContractReport {

    private static final Logger LOG = Logger.getLogger(InContainerContractReport.class.getName());

    @PreDestroy
    void report() {
        LOG.info("[reckon-it] in the container: " + OpenApiContract.validated() + " responses validated against /openapi ("
                + OpenApiContract.requestsValid() + " of their requests valid by it too), " + OpenApiContract.mismatches().size()
                + " mismatches");
    }
}
