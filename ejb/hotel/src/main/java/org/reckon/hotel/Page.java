package org.reckon.hotel;

import java.util.List;

/** One page of a listing. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
