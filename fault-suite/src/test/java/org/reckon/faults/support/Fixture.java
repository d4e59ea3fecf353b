package org.reckon.faults.support;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.reckon.faults.support.Api.User;

/** The hotels the load books: created by staff through the API, with plenty of rooms and one scarce room type. */
public final class Fixture {

    public record RoomType(String hotelId, String roomTypeId, int rooms) {
    }

    public record Stay(RoomType type, LocalDate start, LocalDate end, int rooms) {
        String json() {
            return "\"hotel_id\":\"" + type.hotelId + "\",\"room_type_id\":\"" + type.roomTypeId + "\",\"start_date\":\"" + start
                    + "\",\"end_date\":\"" + end + "\",\"number_of_rooms\":" + rooms;
        }
    }

    private final List<RoomType> roomTypes = new ArrayList<>();

    public static Fixture create(Platform platform) {
        Fixture fixture = new Fixture();
        for (int h = 0; h < 2; h++) {
            String hotel = Api.must(platform.reckonUrl("/v1/hotels"), User.STAFF, "POST", "{\"name\":\"Fault Hotel "
                    + UUID.randomUUID().toString().substring(0, 6) + "\",\"city\":\"Porto\",\"address\":\"Rua das Flores " + h
                    + "\",\"amenities\":[\"wifi\"],\"currency\":\"EUR\",\"overbooking_percent\":\"10\",\"tax_percent\":\"6\","
                    + "\"service_fee\":\"2.50\",\"occupancy_multipliers\":[]}").json().getString("hotel_id");
            fixture.roomTypes.add(fixture.roomType(platform, hotel, 100, 40, "80.00"));
            fixture.roomTypes.add(fixture.roomType(platform, hotel, 200, 3, "150.00")); // scarce: bookings get refused
        }
        return fixture;
    }

    private RoomType roomType(Platform platform, String hotelId, int firstNumber, int rooms, String rate) {
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < rooms; i++) {
            numbers.append(i > 0 ? "," : "").append('"').append(firstNumber + i).append('"');
        }
        Api.Response r = Api.must(platform.reckonUrl("/v1/hotels/" + hotelId + "/room-types"), User.STAFF, "POST",
                "{\"name\":\"Room " + UUID.randomUUID().toString().substring(0, 4) + "\",\"description\":\"Two guests\","
                        + "\"max_occupancy\":2,\"room_numbers\":[" + numbers + "],\"base_rate\":\"" + rate + "\"}");
        if (r.status() != 201) {
            throw new IllegalStateException("room type: " + r.status() + " " + r.body());
        }
        return new RoomType(hotelId, r.json().getString("room_type_id"), rooms);
    }

    public Stay randomStay() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        RoomType type = roomTypes.get(random.nextInt(roomTypes.size()));
        LocalDate start = Load.today().plusDays(1 + random.nextInt(20));
        return new Stay(type, start, start.plusDays(1 + random.nextInt(3)), 1 + random.nextInt(2));
    }
}
