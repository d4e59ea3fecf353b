package org.reckon.ledger.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.shared.Listing;
import org.reckon.ledger.Ledger;
import org.reckon.ledger.LedgerLine;
import org.reckon.ledger.LedgerVerification;
import org.reckon.ledger.LedgerVerifier;
import org.reckon.ledger.domain.LedgerAccount;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/** Staff reads of the double-entry ledger: balances (now or as of an instant), entries, verification. */
@Path("/ledger")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class LedgerResource {

    @Inject
    Ledger ledger;

    @Inject
    LedgerVerifier verifier;

    @GET
    @Path("/accounts/{account_id}")
    public AccountBalance balance(@PathParam("account_id") @Size(min = 1, max = 200) String accountId,
                                  @QueryParam("as_of") String asOf) {
        Instant instant = asOf == null ? null : instant(asOf, "as_of");
        LedgerAccount account = account(accountId);
        if (instant == null) {
            return new AccountBalance(account.id(), account.type().name(), ledger.balance(account), null);
        }
        return new AccountBalance(account.id(), account.type().name(), ledger.balanceAsOf(account, instant), instant);
    }

    @GET
    @Path("/accounts/{account_id}/entries")
    public EntriesPage entries(@PathParam("account_id") @Size(min = 1, max = 200) String accountId,
                               @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
                               @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        LedgerAccount account = account(accountId);
        List<Entry> entries = ledger.entries(account.id(), page, size).stream().map(Entry::of).toList();
        return new EntriesPage(account.id(), entries, page, size, ledger.entryCount(account.id()));
    }

    @GET
    @Path("/verify")
    public LedgerVerification verify() {
        return verifier.verify();
    }

    private LedgerAccount account(String accountId) {
        return ledger.account(accountId)
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No ledger account " + accountId, "account_id"));
    }

    /** Years 1 to 9999: Instant.parse accepts a billion years either way, PostgreSQL stores far fewer. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    static Instant instant(String value, String field) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED,
                    "must be an ISO-8601 instant like 2026-11-28T10:15:30Z", field);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be within the years 0001 to 9999", field);
        }
        return instant;
    }

    public record AccountBalance(String accountId, String type, String balance, String currency, Instant asOf) {
        AccountBalance(String accountId, String type, Money balance, Instant asOf) {
            this(accountId, type, balance.amountString(), balance.currencyCode(), asOf);
        }
    }

    public record Entry(String transactionId, long sequence, String kind, String reference, Instant occurredAt,
                        int line, String amount, String currency) {
        static Entry of(LedgerLine l) {
            return new Entry(l.transactionId(), l.sequence(), l.kind(), l.reference(), l.occurredAt(), l.line(),
                    Money.of(l.amount(), l.currency()).amountString(), l.currency());
        }
    }

    /** The envelope of every list ({@link org.reckon.shared.Listing}), plus the account asked for. */
    public record EntriesPage(String accountId, List<Entry> items, int page, int size, long total) {
    }
}
