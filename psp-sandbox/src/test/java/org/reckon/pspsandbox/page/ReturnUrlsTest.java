package org.reckon.pspsandbox.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReturnUrlsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://shop/return, http://shop/return?payment_order_id=ord-1",
            "http://shop/return?checkout_id=c1, http://shop/return?checkout_id=c1&payment_order_id=ord-1",
            "http://shop/return?, http://shop/return?payment_order_id=ord-1",
            "http://shop/return#done, http://shop/return?payment_order_id=ord-1#done",
            "http://shop/r?a=1#x, http://shop/r?a=1&payment_order_id=ord-1#x"
    })
    void appendsThePaymentOrderId(String returnUrl, String expected) {
        assertEquals(expected, ReturnUrls.withPaymentOrderId(returnUrl, "ord-1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"a b, a+b", "x&y=z, x%26y%3Dz"})
    void encodesTheNonce(String nonce, String encoded) {
        assertEquals("http://shop/r?payment_order_id=" + encoded, ReturnUrls.withPaymentOrderId("http://shop/r", nonce));
    }
}
