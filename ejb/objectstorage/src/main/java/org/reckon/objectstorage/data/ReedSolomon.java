package org.reckon.objectstorage.data;

/**
 * Systematic Reed-Solomon erasure coding over GF(2^8) (polynomial x^8+x^4+x^3+x^2+1, 0x11D):
 * k data shards, m parity shards, any k of the k+m rebuild all of them. The encoding matrix is the
 * identity on top of an m-by-k Cauchy matrix (entries 1/(x_i + y_j) with x_i = k+i, y_j = j), so
 * every k-by-k submatrix is invertible (MDS). Pure logic, no I/O: 4+2 on the test machine, 8+4 in
 * the chapter.
 */
public final class ReedSolomon {

    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];
    private static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) x ^= 0x11D;
        }
        for (int i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) MUL[a][b] = (byte) mul(a, b);
        }
    }

    private final int k;
    private final int m;
    /** (k+m) x k: identity, then the Cauchy rows. */
    private final int[][] matrix;

    public ReedSolomon(int dataShards, int parityShards) {
        if (dataShards <= 0 || parityShards < 0 || dataShards + parityShards > 255) throw new IllegalArgumentException("k+m <= 255");
        this.k = dataShards;
        this.m = parityShards;
        matrix = new int[k + m][k];
        for (int i = 0; i < k; i++) matrix[i][i] = 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) matrix[k + i][j] = inv((k + i) ^ j);
        }
    }

    public int dataShards() {
        return k;
    }

    public int parityShards() {
        return m;
    }

    static int mul(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    static int inv(int a) {
        if (a == 0) throw new ArithmeticException("0 has no inverse in GF(256)");
        return EXP[255 - LOG[a]];
    }

    /** Fills shards[k..k+m-1] (parity) from shards[0..k-1]; all shards have the same length. */
    public void encode(byte[][] shards, int length) {
        for (int i = 0; i < m; i++) {
            byte[] out = shards[k + i];
            java.util.Arrays.fill(out, 0, length, (byte) 0);
            for (int j = 0; j < k; j++) {
                byte[] table = MUL[matrix[k + i][j]];
                byte[] in = shards[j];
                for (int b = 0; b < length; b++) out[b] ^= table[in[b] & 0xFF];
            }
        }
    }

    /**
     * Rebuilds the missing shards (present[i] false) in place from any k present ones.
     * @throws IllegalArgumentException when fewer than k shards are present
     */
    public void reconstruct(byte[][] shards, boolean[] present, int length) {
        int[] rows = new int[k];
        int found = 0;
        for (int i = 0; i < k + m && found < k; i++) {
            if (present[i]) rows[found++] = i;
        }
        if (found < k) throw new IllegalArgumentException("only " + found + " of " + (k + m) + " shards; " + k + " needed");
        boolean dataMissing = false;
        for (int i = 0; i < k; i++) dataMissing |= !present[i];
        if (dataMissing) {
            int[][] sub = new int[k][];
            for (int r = 0; r < k; r++) sub[r] = matrix[rows[r]].clone();
            int[][] decode = invert(sub);
            byte[][] data = new byte[k][];
            for (int i = 0; i < k; i++) {
                if (present[i]) continue;
                byte[] out = new byte[length];
                for (int j = 0; j < k; j++) {
                    byte[] table = MUL[decode[i][j]];
                    byte[] in = shards[rows[j]];
                    for (int b = 0; b < length; b++) out[b] ^= table[in[b] & 0xFF];
                }
                data[i] = out;
            }
            for (int i = 0; i < k; i++) {
                if (data[i] != null) {
                    System.arraycopy(data[i], 0, shards[i], 0, length);
                    present[i] = true;
                }
            }
        }
        boolean parityMissing = false;
        for (int i = k; i < k + m; i++) parityMissing |= !present[i];
        if (parityMissing) {
            byte[][] all = shards;
            byte[][] saved = new byte[m][];
            for (int i = 0; i < m; i++) if (present[k + i]) saved[i] = all[k + i].clone();
            encode(all, length);
            for (int i = 0; i < m; i++) {
                if (saved[i] != null) System.arraycopy(saved[i], 0, all[k + i], 0, length);
                present[k + i] = true;
            }
        }
    }

    /** Gauss-Jordan inversion over GF(256). */
    static int[][] invert(int[][] a) {
        int n = a.length;
        int[][] w = new int[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && w[pivot][col] == 0) pivot++;
            if (pivot == n) throw new ArithmeticException("singular matrix");
            int[] t = w[col];
            w[col] = w[pivot];
            w[pivot] = t;
            int scale = inv(w[col][col]);
            for (int j = 0; j < 2 * n; j++) w[col][j] = mul(w[col][j], scale);
            for (int r = 0; r < n; r++) {
                if (r != col && w[r][col] != 0) {
                    int f = w[r][col];
                    for (int j = 0; j < 2 * n; j++) w[r][j] ^= mul(f, w[col][j]);
                }
            }
        }
        int[][] out = new int[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(w[i], n, out[i], 0, n);
        return out;
    }
}
