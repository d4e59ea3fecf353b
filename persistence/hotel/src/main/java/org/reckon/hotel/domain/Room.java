package org.reckon.hotel.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A physical room. A room type's inventory on a night is the number of its rooms in service. */
@Entity
@Table(name = "room")
public class Room {

    @Id
    @Column(name = "room_id", length = 64)
    private String roomId;

    @Column(name = "hotel_id", nullable = false, length = 64)
    private String hotelId;

    @Column(name = "room_type_id", nullable = false, length = 64)
    private String roomTypeId;

    @Column(name = "room_number", nullable = false, length = 20)
    private String roomNumber;

    @Column(name = "in_service", nullable = false)
    private boolean inService;

    @Version
    private long version;

    protected Room() {
    }

    public Room(String roomId, String hotelId, String roomTypeId, String roomNumber) {
        this.roomId = roomId;
        this.hotelId = hotelId;
        this.roomTypeId = roomTypeId;
        this.roomNumber = roomNumber;
        this.inService = true;
    }

    public String roomId() {
        return roomId;
    }

    public String hotelId() {
        return hotelId;
    }

    public String roomTypeId() {
        return roomTypeId;
    }

    public String roomNumber() {
        return roomNumber;
    }

    public boolean inService() {
        return inService;
    }

    public void inService(boolean inService) {
        this.inService = inService;
    }
}
