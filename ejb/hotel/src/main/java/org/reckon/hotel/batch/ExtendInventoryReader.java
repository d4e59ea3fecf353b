package org.reckon.hotel.batch;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Iterator;

/**
 * Reads the ids of the live room types. The checkpoint is the last id read, so a restarted
 * execution resumes after the room types its committed chunks already covered.
 */
@Named("extendInventoryReader")
@Dependent
public class ExtendInventoryReader extends AbstractItemReader {

    @EJB
    InventoryExtension extension;

    private Iterator<String> roomTypes;
    private String last;

    @Override
    public void open(Serializable checkpoint) {
        last = (String) checkpoint;
        roomTypes = extension.roomTypes(last).iterator();
    }

    @Override
    public Object readItem() {
        if (!roomTypes.hasNext()) {
            return null;
        }
        last = roomTypes.next();
        return last;
    }

    @Override
    public Serializable checkpointInfo() {
        return last;
    }
}
