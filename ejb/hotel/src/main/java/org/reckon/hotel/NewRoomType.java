package org.reckon.hotel;

import java.util.List;

/** A room type to create: its rooms and the base rate every night starts with. Amount still a string. */
public record NewRoomType(String name, String description, int maxOccupancy, List<String> roomNumbers, String baseRate) {
}
