package org.reckon.ledger.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.ledger.Ledger;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * A seller's wallet: derived from the ledger, one balance per currency (the wallet accounts
 * {@code seller-wallet:<seller>:<currency>}); there is no separately stored wallet to drift.
 */
@Path("/wallets")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class WalletResource {

    @Inject
    Ledger ledger;

    @GET
    @Path("/{seller_account}")
    public Wallet wallet(@PathParam("seller_account") @Pattern(regexp = "(?!\\.+$)[A-Za-z0-9._-]{1,100}") String sellerAccount) {
        List<Balance> balances = ledger.accountsStartingWith("seller-wallet:" + sellerAccount + ":").stream()
                .map(account -> Balance.of(ledger.balance(account)))
                .toList();
        if (balances.isEmpty()) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "Seller " + sellerAccount + " has no wallet yet", "seller_account");
        }
        return new Wallet(sellerAccount, balances);
    }

    public record Balance(String currency, String balance) {
        static Balance of(Money money) {
            return new Balance(money.currencyCode(), money.amountString());
        }
    }

    public record Wallet(String sellerAccount, List<Balance> balances) {
    }
}
