package org.reckon.pspsandbox.fault;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.util.logging.Logger;

/**
 * The current fault settings, in memory on purpose: a restart returns to a well-behaved PSP, so
 * a forgotten switch cannot outlive a test run. One immutable value behind a volatile field, so
 * reads take no lock and a reader never sees half an update.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Faults {

    private static final Logger LOG = Logger.getLogger(Faults.class.getName());

    private volatile FaultSettings current = FaultSettings.DEFAULTS;

    public FaultSettings current() {
        return current;
    }

    public FaultSettings replace(FaultSettings settings) {
        current = settings;
        LOG.info(() -> "PSP sandbox faults now " + settings);
        return settings;
    }

    public FaultSettings reset() {
        return replace(FaultSettings.DEFAULTS);
    }
}
