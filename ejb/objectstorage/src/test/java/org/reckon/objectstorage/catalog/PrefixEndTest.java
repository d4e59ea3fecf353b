package org.reckon.objectstorage.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The upper bound of a listing's prefix: above every key with the prefix, and no key without it falls between. */
class PrefixEndTest {

    /** Code point order, which is the byte order of UTF-8 and so of a COLLATE "C" column. */
    private static int compare(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    @Test
    void theLastCodePointGoesUpOne() {
        assertEquals("photos0", Catalog.prefixEnd("photos/"));
        assertEquals("b", Catalog.prefixEnd("a"));
        assertEquals("\uE000", Catalog.prefixEnd("\uD7FF"), "past the surrogates, which UTF-8 never holds");
        assertEquals("a\uD800\uDC00", Catalog.prefixEnd("a\uFFFF"), "U+FFFF is followed by U+10000");
        assertEquals("b", Catalog.prefixEnd("a" + Character.toString(Character.MAX_CODE_POINT)));
        assertNull(Catalog.prefixEnd(Character.toString(Character.MAX_CODE_POINT)));
    }

    @Test
    void everyKeyWithThePrefixIsBelowItAndNoOtherKeyIsBetween() {
        Random random = new Random(5);
        int[] alphabet = {'a', 'b', '/', 0x7F, 0xE9, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x1F600, Character.MAX_CODE_POINT};
        for (int i = 0; i < 20_000; i++) {
            String prefix = word(random, alphabet, 1 + random.nextInt(3));
            String key = word(random, alphabet, random.nextInt(6));
            String end = Catalog.prefixEnd(prefix);
            boolean inRange = compare(key, prefix) >= 0 && (end == null || compare(key, end) < 0);
            assertEquals(key.startsWith(prefix), inRange, "prefix " + prefix.codePoints().boxed().toList() + " key " + key.codePoints().boxed().toList());
        }
        assertTrue(compare("a/", Catalog.prefixEnd("a")) < 0);
    }

    private static String word(Random random, int[] alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        return b.toString();
    }
}
