package org.reckon.pspsandbox.platform;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes idempotent creates that share a key (the first two requests with one nonce or one
 * refund id, arriving together), so the second waits for the first to COMMIT and then finds its
 * row, instead of colliding on the unique constraint and rolling back with an error in the log.
 * The lock is held around the whole transactional call, which is why it is taken in the resource,
 * outside any transaction. One sandbox is one JVM; the unique constraints remain the last guard.
 * Striped: a fixed set of locks, so unrelated keys rarely wait on each other and memory stays flat.
 */
public final class KeyedLocks {

    private static final int STRIPES = 64;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private KeyedLocks() {
    }

    public static <T> T withLock(String key, Supplier<T> work) {
        ReentrantLock lock = LOCKS[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
