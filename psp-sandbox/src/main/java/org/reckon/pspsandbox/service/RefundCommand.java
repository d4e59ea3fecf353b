package org.reckon.pspsandbox.service;

import org.reckon.pspsandbox.domain.Money;

/** A syntactically valid refund request; whether it may happen is the payment's decision. */
public record RefundCommand(String refundId, Money money) {
}
