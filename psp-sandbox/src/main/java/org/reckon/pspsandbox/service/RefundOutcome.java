package org.reckon.pspsandbox.service;

import org.reckon.pspsandbox.domain.Refund;

/** A refund, and whether this call made it (201) or found it under its refund id (200). */
public record RefundOutcome(Refund refund, boolean created) {
}
