package org.reckon.hotel.demo;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.reckon.hotel.HotelCatalog;
import org.reckon.hotel.HotelView;
import org.reckon.hotel.NewRoomType;

/** Creates one demo hotel with its room types in one transaction, through the catalog like staff would. */
@Stateless
public class DemoHotelWriter {

    @EJB
    HotelCatalog catalog;

    public boolean noHotelsYet() {
        return catalog.hotels(null, 0, 1).total() == 0;
    }

    public String create(DemoHotel demo) {
        HotelView hotel = catalog.create(demo.hotel());
        for (NewRoomType type : demo.roomTypes()) {
            catalog.createRoomType(hotel.hotelId(), type);
        }
        return hotel.hotelId();
    }
}
