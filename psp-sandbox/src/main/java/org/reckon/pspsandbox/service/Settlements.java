package org.reckon.pspsandbox.service;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.domain.Refund;
import org.reckon.pspsandbox.domain.SettlementLine;

/**
 * The day's settlement, as a PSP's reconciliation file would list it: every charge that
 * succeeded and every refund made during one UTC day, ordered by when it settled. A charge stays
 * in its day's file even if it is refunded later; the refund appears in its own day's file.
 */
@Stateless
public class Settlements {

    @PersistenceContext(unitName = "psp-sandbox")
    EntityManager em;

    public List<SettlementLine> of(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Stream<SettlementLine> charges = em.createQuery(
                        "SELECT p FROM Payment p WHERE p.succeededAt >= :from AND p.succeededAt < :to", Payment.class)
                .setParameter("from", from).setParameter("to", to).getResultStream()
                .map(p -> SettlementLine.charge(p.pspReference(), p.nonce(), p.money(), p.succeededAt()));
        Stream<SettlementLine> refunds = em.createQuery(
                        "SELECT r FROM Refund r JOIN FETCH r.payment WHERE r.createdAt >= :from AND r.createdAt < :to", Refund.class)
                .setParameter("from", from).setParameter("to", to).getResultStream()
                .map(r -> SettlementLine.refund(r.pspReference(), r.payment().nonce(), r.money(), r.createdAt()));
        return Stream.concat(charges, refunds)
                .sorted(Comparator.comparing(SettlementLine::settledAt).thenComparing(SettlementLine::pspReference))
                .toList();
    }
}
