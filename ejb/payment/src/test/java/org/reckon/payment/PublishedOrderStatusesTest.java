package org.reckon.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.domain.PaymentOrderStatus;

class PublishedOrderStatusesTest {

    @Test
    void theApiPublishesExactlyThePaymentOrderStates() {
        assertEquals(Arrays.stream(PaymentOrderStatus.values()).map(Enum::name).toList(), CheckoutView.ORDER_STATUSES);
    }
}
