package org.reckon.objectstorage.web;

import java.util.List;
import java.util.Map;
import org.reckon.objectstorage.domain.ObjectStorageError;
import org.reckon.platform.contract.ContractContribution;
import org.reckon.shared.ProblemCode;

/** The object-storage context's part of /openapi: its problem codes. */
public final class ObjectStorageContract implements ContractContribution {

    @Override
    public List<ProblemCode> problemCodes() {
        return List.of(ObjectStorageError.values());
    }

    @Override
    public Map<String, List<String>> wireEnums() {
        return Map.of();
    }
}
