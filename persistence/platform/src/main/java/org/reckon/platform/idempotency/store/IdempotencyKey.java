package org.reckon.platform.idempotency.store;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** Keys are scoped to the caller: two clients may use the same key without meeting. */
@Embeddable
public class IdempotencyKey implements Serializable {

    private static final long serialVersionUID = 1L;

    @Column(name = "principal", nullable = false, length = 100)
    private String principal;

    @Column(name = "idem_key", nullable = false, length = 255)
    private String key;

    protected IdempotencyKey() {
    }

    public IdempotencyKey(String principal, String key) {
        this.principal = Objects.requireNonNull(principal);
        this.key = Objects.requireNonNull(key);
    }

    public String principal() {
        return principal;
    }

    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdempotencyKey k && k.principal.equals(principal) && k.key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(principal, key);
    }
}
