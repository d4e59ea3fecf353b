package org.reckon.pspsandbox.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.domain.PaymentStatus;
import org.reckon.pspsandbox.domain.Refund;

/**
 * Payments and refunds by the keys the API speaks: nonce, token, refund id. The locking variants
 * take a row lock for the rest of the caller's transaction, so two confirms of one token, or two
 * refunds of one payment, are decided one after the other.
 */
@ApplicationScoped
public class PaymentRepository {

    @PersistenceContext(unitName = "psp-sandbox")
    EntityManager em;

    public Optional<Payment> byNonce(String nonce) {
        return one("SELECT p FROM Payment p WHERE p.nonce = :key", nonce, LockModeType.NONE);
    }

    public Optional<Payment> byToken(String token) {
        return one("SELECT p FROM Payment p WHERE p.token = :key", token, LockModeType.NONE);
    }

    public Optional<Payment> lockByNonce(String nonce) {
        return one("SELECT p FROM Payment p WHERE p.nonce = :key", nonce, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<Payment> lockByToken(String token) {
        return one("SELECT p FROM Payment p WHERE p.token = :key", token, LockModeType.PESSIMISTIC_WRITE);
    }

    public Payment lock(Long id) {
        return em.find(Payment.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    public void add(Payment payment) {
        em.persist(payment);
        em.flush(); // a duplicate nonce fails here, inside the call, not at some later commit
    }

    /** Held payments (pending, processing) whose deferred outcome is due. */
    public List<Long> heldAndDue(Instant now) {
        return em.createQuery("SELECT p.id FROM Payment p WHERE p.status IN :held AND p.resolveAt <= :now ORDER BY p.resolveAt", Long.class)
                .setParameter("held", List.of(PaymentStatus.PENDING, PaymentStatus.PROCESSING))
                .setParameter("now", now)
                .getResultList();
    }

    public Optional<Refund> refundById(String refundId) {
        return em.createQuery("SELECT r FROM Refund r JOIN FETCH r.payment WHERE r.refundId = :id", Refund.class)
                .setParameter("id", refundId).getResultStream().findFirst();
    }

    public void add(Refund refund) {
        em.persist(refund);
        em.flush();
    }

    private Optional<Payment> one(String jpql, String key, LockModeType lock) {
        return em.createQuery(jpql, Payment.class).setParameter("key", key).setLockMode(lock)
                .getResultStream().findFirst();
    }
}
