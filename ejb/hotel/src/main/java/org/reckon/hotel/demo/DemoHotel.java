package org.reckon.hotel.demo;

import java.util.ArrayList;
import java.util.List;
import org.reckon.hotel.HotelInput;
import org.reckon.hotel.HotelInput.TierInput;
import org.reckon.hotel.NewRoomType;

/** One demo hotel and its room types, as staff would send them through the API. */
public record DemoHotel(HotelInput hotel, List<NewRoomType> roomTypes) {

    private static final List<TierInput> BUSY = List.of(new TierInput(70, "1.10"), new TierInput(90, "1.25"));
    private static final List<TierInput> FLAT = List.of();

    /** A dozen hotels in eight cities, in EUR, GBP and USD, with 10 to 40 rooms each. */
    public static final List<DemoHotel> ALL = List.of(
            hotel("Tagus Riverside Hotel", "Lisbon", "Avenida Infante Dom Henrique 21", "EUR", "6", "2.00", BUSY,
                    List.of("wifi", "breakfast", "river view", "bar"),
                    type("Standard Double", 2, 1, 12, "95.00"), type("River View Suite", 3, 2, 4, "180.00")),
            hotel("Alfama Boutique Rooms", "Lisbon", "Rua de Sao Miguel 5", "EUR", "6", "0.00", FLAT,
                    List.of("wifi", "rooftop terrace", "pet friendly"),
                    type("Cosy Single", 1, 1, 6, "65.00"), type("Double with Balcony", 2, 2, 6, "110.00")),
            hotel("Ribeira Wine House", "Porto", "Cais da Ribeira 34", "EUR", "6", "3.50", BUSY,
                    List.of("wifi", "wine cellar", "breakfast"),
                    type("Classic Double", 2, 1, 10, "85.00"), type("Family Room", 4, 2, 5, "140.00"),
                    type("Loft", 2, 3, 3, "160.00")),
            hotel("Hotel Lumiere Saint-Germain", "Paris", "12 Rue Jacob", "EUR", "10", "5.00", BUSY,
                    List.of("wifi", "breakfast", "concierge", "air conditioning"),
                    type("Chambre Classique", 2, 1, 14, "190.00"), type("Junior Suite", 3, 5, 6, "340.00")),
            hotel("Montmartre Artists Inn", "Paris", "8 Rue Lepic", "EUR", "10", "2.50", FLAT,
                    List.of("wifi", "garden", "bicycle rental"),
                    type("Atelier Double", 2, 1, 9, "140.00"), type("Studio with Kitchenette", 3, 2, 4, "175.00")),
            hotel("The Thames Wharf", "London", "45 Shad Thames", "GBP", "20", "8.00", BUSY,
                    List.of("wifi", "gym", "river view", "restaurant", "parking"),
                    type("King Room", 2, 1, 20, "210.00"), type("Twin Room", 2, 2, 12, "195.00"),
                    type("Penthouse Suite", 4, 9, 2, "650.00")),
            hotel("Bloomsbury Garden Hotel", "London", "17 Russell Square", "GBP", "20", "0.00", FLAT,
                    List.of("wifi", "garden", "breakfast"),
                    type("Single", 1, 1, 8, "120.00"), type("Double", 2, 2, 10, "160.00")),
            hotel("Manhattan Lights Hotel", "New York", "350 West 46th Street", "USD", "14.75", "15.00", BUSY,
                    List.of("wifi", "gym", "rooftop bar", "air conditioning", "concierge"),
                    type("Queen Room", 2, 1, 18, "249.00"), type("Two Queens", 4, 2, 14, "299.00"),
                    type("Corner Suite", 3, 3, 4, "520.00")),
            hotel("Brooklyn Bridge Lofts", "New York", "60 Water Street", "USD", "14.75", "10.00", FLAT,
                    List.of("wifi", "bicycle rental", "pet friendly"),
                    type("Loft King", 2, 1, 8, "219.00"), type("Loft Family", 5, 2, 4, "329.00")),
            hotel("Golden Gate Bay Inn", "San Francisco", "2101 Lombard Street", "USD", "14", "12.00", BUSY,
                    List.of("wifi", "parking", "bay view", "breakfast"),
                    type("Bay View Double", 2, 1, 12, "229.00"), type("Garden Twin", 2, 2, 10, "189.00")),
            hotel("Spree Canal Hotel", "Berlin", "Fraenkelufer 10", "EUR", "7", "0.00", BUSY,
                    List.of("wifi", "sauna", "bar", "bicycle rental"),
                    type("Economy Double", 2, 1, 16, "79.00"), type("Comfort Double", 2, 2, 12, "109.00"),
                    type("Apartment", 4, 3, 6, "169.00")),
            hotel("Kreuzberg Courtyard Rooms", "Berlin", "Oranienstrasse 25", "EUR", "7", "1.50", FLAT,
                    List.of("wifi", "courtyard", "pet friendly"),
                    type("Single", 1, 1, 5, "59.00"), type("Double", 2, 2, 7, "89.00")));

    private static DemoHotel hotel(String name, String city, String address, String currency, String taxPercent,
                                   String serviceFee, List<TierInput> tiers, List<String> amenities,
                                   NewRoomType... roomTypes) {
        return new DemoHotel(new HotelInput(name, city, address, amenities, currency, null, "10", taxPercent,
                serviceFee, tiers), List.of(roomTypes));
    }

    /** A room type with {@code rooms} rooms numbered from {@code floor}01 up. */
    private static NewRoomType type(String name, int maxOccupancy, int floor, int rooms, String baseRate) {
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= rooms; i++) {
            numbers.add(String.valueOf(floor * 100 + i));
        }
        return new NewRoomType(name, name + " for up to " + maxOccupancy + (maxOccupancy == 1 ? " guest" : " guests"),
                maxOccupancy, numbers, baseRate);
    }
}
