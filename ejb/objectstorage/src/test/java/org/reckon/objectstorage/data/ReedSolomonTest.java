package org.reckon.objectstorage.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {

    @Test
    void fieldArithmetic() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, ReedSolomon.mul(a, ReedSolomon.inv(a)), "a * 1/a for a=" + a);
            assertEquals(a, ReedSolomon.mul(a, 1));
            assertEquals(0, ReedSolomon.mul(a, 0));
        }
        // distributive: a(b+c) = ab + ac, with + = xor
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            int a = r.nextInt(256), b = r.nextInt(256), c = r.nextInt(256);
            assertEquals(ReedSolomon.mul(a, b ^ c), ReedSolomon.mul(a, b) ^ ReedSolomon.mul(a, c));
        }
        assertEquals(0x1D, ReedSolomon.mul(0x80, 2), "x^8 reduces by 0x11D");
    }

    private static byte[][] encoded(ReedSolomon rs, int length, long seed) {
        byte[][] shards = new byte[rs.dataShards() + rs.parityShards()][length];
        Random r = new Random(seed);
        for (int i = 0; i < rs.dataShards(); i++) r.nextBytes(shards[i]);
        rs.encode(shards, length);
        return shards;
    }

    @Test
    void anyTwoOfSixLostAreRebuilt() {
        ReedSolomon rs = new ReedSolomon(4, 2);
        byte[][] original = encoded(rs, 1000, 7);
        for (int a = 0; a < 6; a++) {
            for (int b = a; b < 6; b++) {
                byte[][] shards = new byte[6][];
                boolean[] present = new boolean[6];
                for (int i = 0; i < 6; i++) {
                    shards[i] = i == a || i == b ? new byte[1000] : original[i].clone();
                    present[i] = i != a && i != b;
                }
                rs.reconstruct(shards, present, 1000);
                for (int i = 0; i < 6; i++) assertArrayEquals(original[i], shards[i], "lost " + a + "," + b + ": shard " + i);
            }
        }
    }

    @Test
    void eightPlusFourSurvivesFourLosses() {
        ReedSolomon rs = new ReedSolomon(8, 4);
        byte[][] original = encoded(rs, 333, 9);
        int[] lost = {0, 3, 8, 11};
        byte[][] shards = new byte[12][];
        boolean[] present = new boolean[12];
        for (int i = 0; i < 12; i++) {
            shards[i] = original[i].clone();
            present[i] = true;
        }
        for (int l : lost) {
            shards[l] = new byte[333];
            present[l] = false;
        }
        rs.reconstruct(shards, present, 333);
        for (int i = 0; i < 12; i++) assertArrayEquals(original[i], shards[i]);
    }

    @Test
    void tooFewShardsAreRefused() {
        ReedSolomon rs = new ReedSolomon(4, 2);
        byte[][] shards = encoded(rs, 10, 3);
        boolean[] present = {true, false, true, false, false, true};
        assertThrows(IllegalArgumentException.class, () -> rs.reconstruct(shards, present, 10));
    }

    @Test
    void parityChangesWhenAnyDataByteChanges() {
        ReedSolomon rs = new ReedSolomon(4, 2);
        byte[][] a = encoded(rs, 64, 5);
        byte[][] b = encoded(rs, 64, 5);
        b[2][17] ^= 1;
        rs.encode(b, 64);
        assertEquals(false, java.util.Arrays.equals(a[4], b[4]));
        assertEquals(false, java.util.Arrays.equals(a[5], b[5]));
    }
}
