package org.reckon.pspsandbox.domain;

import java.time.Duration;

/** How long a held payment waits for its outcome: review (pending) and issuer timeout (processing). */
public record DecisionDelays(Duration pending, Duration processing) {
}
