package org.reckon.pspsandbox.service;

import org.reckon.pspsandbox.domain.Payment;

/** A registration's result: the payment, and whether this call created it (201) or found it (200). */
public record Registration(Payment payment, boolean created) {
}
