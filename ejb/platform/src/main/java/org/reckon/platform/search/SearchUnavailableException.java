package org.reckon.platform.search;

import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/** Elasticsearch cannot be reached or refused to answer: search is down, the rest is not (503). */
public class SearchUnavailableException extends ReckonException {

    public SearchUnavailableException(String detail, Throwable cause) {
        super(ErrorCode.SEARCH_UNAVAILABLE, detail);
        initCause(cause);
    }
}
