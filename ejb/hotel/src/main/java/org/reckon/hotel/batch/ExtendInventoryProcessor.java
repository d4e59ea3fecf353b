package org.reckon.hotel.batch;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/** Plans a room type's missing nights; a room type already reaching the horizon is filtered out (FILTER_COUNT). */
@Named("extendInventoryProcessor")
@Dependent
public class ExtendInventoryProcessor implements ItemProcessor {

    @EJB
    InventoryExtension extension;

    @Override
    public Object processItem(Object roomTypeId) {
        return extension.plan((String) roomTypeId).orElse(null);
    }
}
