package org.reckon.hotel.batch;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.util.List;
import java.util.logging.Logger;

/** Creates the planned nights of a chunk of room types, in the chunk's transaction. */
@Named("extendInventoryWriter")
@Dependent
public class ExtendInventoryWriter extends AbstractItemWriter {

    private static final Logger LOG = Logger.getLogger(ExtendInventoryWriter.class.getName());

    @EJB
    InventoryExtension extension;

    @Override
    public void writeItems(List<Object> plans) {
        for (Object item : plans) {
            InventoryExtension.Plan plan = (InventoryExtension.Plan) item;
            int created = extension.apply(plan);
            LOG.fine(() -> "room type " + plan.roomTypeId() + ": " + created + " nights created from " + plan.from());
        }
    }
}
