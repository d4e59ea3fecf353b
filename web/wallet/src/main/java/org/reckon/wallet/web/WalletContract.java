package org.reckon.wallet.web;

import java.util.List;
import java.util.Map;
import org.reckon.platform.contract.ContractContribution;
import org.reckon.shared.ProblemCode;
import org.reckon.wallet.Protocol;
import org.reckon.wallet.domain.EventType;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.domain.WalletError;

/** The wallet's part of /openapi: its problem codes and the closed sets its views write. */
public final class WalletContract implements ContractContribution {

    @Override
    public List<ProblemCode> problemCodes() {
        return List.of(WalletError.values());
    }

    @Override
    public Map<String, List<String>> wireEnums() {
        return Map.of(
                "TransferView.protocol", ContractContribution.names(Protocol.values()),
                "TransferView.status", List.of("success"),
                "TransactionView.type", List.of(EventType.DEBITED.name(), EventType.CREDITED.name()),
                "TransactionView.purpose", ContractContribution.names(Purpose.values()));
    }
}
