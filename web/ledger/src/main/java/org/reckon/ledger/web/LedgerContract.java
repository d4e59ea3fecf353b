package org.reckon.ledger.web;

import java.util.List;
import java.util.Map;
import org.reckon.ledger.domain.AccountType;
import org.reckon.platform.contract.ContractContribution;

/** The ledger context's part of /openapi: the account types it writes. */
public final class LedgerContract implements ContractContribution {

    @Override
    public Map<String, List<String>> wireEnums() {
        return Map.of("AccountBalance.type", ContractContribution.names(AccountType.values()));
    }
}
