package org.reckon.pspsandbox.domain;

/** The card network, from the number's leading digits (what a receipt shows beside the last 4). */
public enum CardBrand {
    VISA, MASTERCARD, DISCOVER, UNKNOWN;

    public static CardBrand of(String number) {
        int two = Integer.parseInt(number.substring(0, 2));
        int four = Integer.parseInt(number.substring(0, 4));
        if (number.startsWith("4")) {
            return VISA;
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return MASTERCARD;
        }
        if (number.startsWith("6011") || number.startsWith("65") || (four >= 6440 && four <= 6499)) {
            return DISCOVER;
        }
        return UNKNOWN;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
