package org.reckon.pspsandbox.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the status by its wire name, so the table reads like the API ("succeeded"). */
@Converter(autoApply = true)
public class PaymentStatusConverter implements AttributeConverter<PaymentStatus, String> {

    @Override
    public String convertToDatabaseColumn(PaymentStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public PaymentStatus convertToEntityAttribute(String wire) {
        return wire == null ? null : PaymentStatus.fromWire(wire);
    }
}
