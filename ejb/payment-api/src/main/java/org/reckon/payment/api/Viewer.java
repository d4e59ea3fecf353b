package org.reckon.payment.api;

/** Who is asking: customers see their own payments, staff see all. */
public record Viewer(String name, boolean staff) {

    public boolean maySee(String buyer) {
        return staff || name.equals(buyer);
    }
}
