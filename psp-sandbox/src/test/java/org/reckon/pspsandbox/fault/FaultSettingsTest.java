package org.reckon.pspsandbox.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.problem.Violation;

class FaultSettingsTest {

    @Test
    void theDefaultsAreAWellBehavedPsp() {
        assertEquals(new FaultSettings(0, 0.0, 0.0, false, false, 3000, 10000), FaultSettings.DEFAULTS);
    }

    @Test
    void anAbsentFieldTakesItsDefaultNotItsCurrentValue() {
        FaultSettings.Update update = new FaultSettings.Update(null, null, 1.0, null, null, null, null);
        assertEquals(new FaultSettings(0, 0.0, 1.0, false, false, 3000, 10000), update.toSettings());
    }

    @Test
    void namesEveryValueOutOfRange() {
        FaultSettings.Update update = new FaultSettings.Update(-1L, 1.5, Double.NaN, true, true, 3_600_001L, -5L);
        PspException e = assertThrows(PspException.class, update::toSettings);
        assertEquals(List.of("latency_millis", "error_rate", "drop_response_rate", "pending_millis", "processing_timeout_millis"),
                e.violations().stream().map(Violation::field).toList());
    }

    @Test
    void heldPaymentDelaysComeFromTheTimings() {
        FaultSettings s = new FaultSettings(0, 0, 0, false, false, 500, 1000);
        assertEquals(500, s.decisionDelays().pending().toMillis());
        assertEquals(1000, s.decisionDelays().processing().toMillis());
    }
}
