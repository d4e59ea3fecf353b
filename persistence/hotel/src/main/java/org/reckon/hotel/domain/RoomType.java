package org.reckon.hotel.domain;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A kind of room a hotel sells (Figure 7.6): inventory and rates are kept per room type and night. Cached as {@link Hotel} is. */
@Entity
@Table(name = "room_type")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class RoomType {

    @Id
    @Column(name = "room_type_id", length = 64)
    private String roomTypeId;

    @Column(name = "hotel_id", nullable = false, length = 64)
    private String hotelId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, length = 2000)
    private String description;

    @Column(name = "max_occupancy", nullable = false)
    private int maxOccupancy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version
    private long version;

    protected RoomType() {
    }

    public RoomType(String roomTypeId, String hotelId, String name, String description, int maxOccupancy, Instant now) {
        this.roomTypeId = roomTypeId;
        this.hotelId = hotelId;
        this.createdAt = now;
        update(name, description, maxOccupancy, now);
    }

    public final void update(String name, String description, int maxOccupancy, Instant now) {
        this.name = name;
        this.description = description;
        this.maxOccupancy = maxOccupancy;
        this.updatedAt = now;
    }

    public void delete(Instant now) {
        this.deletedAt = now;
        this.updatedAt = now;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public String roomTypeId() {
        return roomTypeId;
    }

    public String hotelId() {
        return hotelId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public int maxOccupancy() {
        return maxOccupancy;
    }
}
