package org.reckon.hotel.domain;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * A hotel of the chain (Table 7.1): where it is, what it offers, whom its guests pay (its seller
 * account in the payment system), how far it overbooks, and how its prices are built (tax, fee,
 * occupancy multipliers). Deleting is soft: reservations keep pointing at the hotel they booked.
 *
 * <p>In Hibernate's second-level cache (issue 15): every quote and booking reads its hotel and room
 * type by id, and both change rarely and only through Hibernate, which invalidates the entry in the
 * changing transaction (on every node of a cluster: the HA profile's entity cache is an
 * invalidation cache). Nothing writes these tables in SQL.
 */
@Entity
@Table(name = "hotel")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Hotel {

    @Id
    @Column(name = "hotel_id", length = 64)
    private String hotelId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, length = 100)
    private String city;

    @Column(nullable = false, length = 300)
    private String address;

    /** Comma-separated, lower case. */
    @Column(nullable = false, length = 1000)
    private String amenities;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "seller_account", nullable = false, length = 100)
    private String sellerAccount;

    @Column(name = "overbooking_percent", nullable = false, precision = 5, scale = 2)
    private BigDecimal overbookingPercent;

    @Column(name = "tax_percent", nullable = false, precision = 5, scale = 2)
    private BigDecimal taxPercent;

    @Column(name = "service_fee", nullable = false, precision = 19, scale = 4)
    private BigDecimal serviceFee;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "hotel_occupancy_multiplier", joinColumns = @JoinColumn(name = "hotel_id"))
    @OrderBy("fromOccupancyPercent")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    private List<OccupancyMultiplier> occupancyMultipliers = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version
    private long version;

    protected Hotel() {
    }

    public Hotel(String hotelId, HotelDetails details, Instant now) {
        this.hotelId = hotelId;
        this.createdAt = now;
        update(details, now);
    }

    public final void update(HotelDetails d, Instant now) {
        this.name = d.name();
        this.city = d.city();
        this.address = d.address();
        this.amenities = String.join(",", d.amenities());
        this.currency = d.currency().getCurrencyCode();
        this.sellerAccount = d.sellerAccount();
        this.overbookingPercent = d.overbookingPercent();
        this.taxPercent = d.taxPercent();
        this.serviceFee = d.serviceFee();
        this.occupancyMultipliers.clear();
        this.occupancyMultipliers.addAll(d.occupancyMultipliers());
        this.updatedAt = now;
    }

    /**
     * Records a change of what the hotel sells (its room types, rooms or rates): {@code updated_at}
     * moves forward, at least by a microsecond, so Hibernate writes the row and increments its
     * version, and the second-level cache's copy follows (a version forced up by a lock would not).
     */
    public void touch(Instant now) {
        this.updatedAt = updatedAt == null || now.isAfter(updatedAt) ? now : updatedAt.plus(1, java.time.temporal.ChronoUnit.MICROS);
    }

    public void delete(Instant now) {
        this.deletedAt = now;
        this.updatedAt = now;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public String hotelId() {
        return hotelId;
    }

    public String name() {
        return name;
    }

    public String city() {
        return city;
    }

    public String address() {
        return address;
    }

    public List<String> amenities() {
        return amenities.isEmpty() ? List.of() : Arrays.asList(amenities.split(","));
    }

    public Currency currency() {
        return Currency.getInstance(currency);
    }

    public String sellerAccount() {
        return sellerAccount;
    }

    public BigDecimal overbookingPercent() {
        return overbookingPercent;
    }

    public BigDecimal taxPercent() {
        return taxPercent;
    }

    public BigDecimal serviceFee() {
        return serviceFee;
    }

    public List<OccupancyMultiplier> occupancyMultipliers() {
        return List.copyOf(occupancyMultipliers);
    }

    public long version() {
        return version;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The most rooms of a type that may be reserved on a night: inventory plus overbooking, floored. */
    public int maxReserved(int totalInventory) {
        return Pricing.maxReserved(totalInventory, overbookingPercent);
    }

    public Pricing pricing() {
        return new Pricing(currency(), taxPercent, serviceFee, occupancyMultipliers);
    }
}
