-- Hotels, room types, rooms, rates and per-date inventory (chapter 7, Tables 7.1-7.4 and the
-- improved data model of Figure 7.6). Deleting a hotel or room type is soft (deleted_at): ended
-- reservations keep pointing at what they booked.
CREATE TABLE hotel (
    hotel_id            VARCHAR(64)    NOT NULL,
    name                VARCHAR(200)   NOT NULL,
    city                VARCHAR(100)   NOT NULL,
    address             VARCHAR(300)   NOT NULL,
    amenities           VARCHAR(1000)  NOT NULL,
    currency            VARCHAR(3)     NOT NULL,
    seller_account      VARCHAR(100)   NOT NULL,
    overbooking_percent NUMERIC(5, 2)  NOT NULL,
    tax_percent         NUMERIC(5, 2)  NOT NULL,
    service_fee         NUMERIC(19, 4) NOT NULL,
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    deleted_at          TIMESTAMP(6) WITH TIME ZONE,
    version             BIGINT         NOT NULL,
    CONSTRAINT pk_hotel PRIMARY KEY (hotel_id),
    CONSTRAINT ck_hotel_overbooking CHECK (overbooking_percent >= 0 AND overbooking_percent <= 100),
    CONSTRAINT ck_hotel_tax CHECK (tax_percent >= 0 AND tax_percent <= 100),
    CONSTRAINT ck_hotel_fee CHECK (service_fee >= 0)
);
CREATE INDEX ix_hotel_city ON hotel (city);

-- Price depends on how full the room type is expected to be: from this occupancy on, rates are
-- multiplied (the highest tier reached applies).
CREATE TABLE hotel_occupancy_multiplier (
    hotel_id               VARCHAR(64)   NOT NULL,
    from_occupancy_percent INTEGER       NOT NULL,
    multiplier             NUMERIC(6, 3) NOT NULL,
    CONSTRAINT pk_hotel_occupancy_multiplier PRIMARY KEY (hotel_id, from_occupancy_percent),
    CONSTRAINT fk_hotel_occupancy_multiplier FOREIGN KEY (hotel_id) REFERENCES hotel (hotel_id),
    CONSTRAINT ck_hotel_occupancy_multiplier CHECK (multiplier > 0 AND from_occupancy_percent BETWEEN 0 AND 200)
);

CREATE TABLE room_type (
    room_type_id  VARCHAR(64)   NOT NULL,
    hotel_id      VARCHAR(64)   NOT NULL,
    name          VARCHAR(200)  NOT NULL,
    description   VARCHAR(2000) NOT NULL,
    max_occupancy INTEGER       NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    deleted_at    TIMESTAMP(6) WITH TIME ZONE,
    version       BIGINT        NOT NULL,
    CONSTRAINT pk_room_type PRIMARY KEY (room_type_id),
    CONSTRAINT fk_room_type_hotel FOREIGN KEY (hotel_id) REFERENCES hotel (hotel_id),
    CONSTRAINT ck_room_type_occupancy CHECK (max_occupancy > 0)
);
CREATE INDEX ix_room_type_hotel ON room_type (hotel_id);

-- Physical rooms. total_inventory of a room type on a date = its rooms in service.
CREATE TABLE room (
    room_id      VARCHAR(64) NOT NULL,
    hotel_id     VARCHAR(64) NOT NULL,
    room_type_id VARCHAR(64) NOT NULL,
    room_number  VARCHAR(20) NOT NULL,
    in_service   BOOLEAN     NOT NULL,
    version      BIGINT      NOT NULL,
    CONSTRAINT pk_room PRIMARY KEY (room_id),
    CONSTRAINT fk_room_room_type FOREIGN KEY (room_type_id) REFERENCES room_type (room_type_id),
    CONSTRAINT uq_room_number UNIQUE (hotel_id, room_number)
);
CREATE INDEX ix_room_room_type ON room (room_type_id);

-- A room type's base price per night (before the occupancy multiplier).
CREATE TABLE room_type_rate (
    hotel_id     VARCHAR(64)    NOT NULL,
    room_type_id VARCHAR(64)    NOT NULL,
    stay_date    DATE           NOT NULL,
    rate         NUMERIC(19, 4) NOT NULL,
    CONSTRAINT pk_room_type_rate PRIMARY KEY (room_type_id, stay_date),
    CONSTRAINT fk_room_type_rate FOREIGN KEY (room_type_id) REFERENCES room_type (room_type_id),
    CONSTRAINT ck_room_type_rate CHECK (rate > 0)
);

-- Table 7.4, one row per room type and night. max_reserved = floor(total_inventory x (1 +
-- overbooking)): the constraint is the last line of defence against double booking; the
-- reservation transaction also locks the rows and updates them conditionally.
CREATE TABLE room_type_inventory (
    hotel_id        VARCHAR(64) NOT NULL,
    room_type_id    VARCHAR(64) NOT NULL,
    stay_date       DATE        NOT NULL,
    total_inventory INTEGER     NOT NULL,
    total_reserved  INTEGER     NOT NULL,
    max_reserved    INTEGER     NOT NULL,
    version         BIGINT      NOT NULL,
    CONSTRAINT pk_room_type_inventory PRIMARY KEY (hotel_id, room_type_id, stay_date),
    CONSTRAINT fk_room_type_inventory FOREIGN KEY (room_type_id) REFERENCES room_type (room_type_id),
    CONSTRAINT ck_inventory_reserved CHECK (total_reserved >= 0 AND total_reserved <= max_reserved),
    CONSTRAINT ck_inventory_total CHECK (total_inventory >= 0 AND max_reserved >= total_inventory)
);
CREATE INDEX ix_inventory_room_type_date ON room_type_inventory (room_type_id, stay_date);

-- Step one of booking: a quote with a globally unique reservation_id, which step two books.
CREATE TABLE reservation_order (
    reservation_id  VARCHAR(64)    NOT NULL,
    guest           VARCHAR(100)   NOT NULL,
    guest_name      VARCHAR(200)   NOT NULL,
    guest_email     VARCHAR(254)   NOT NULL,
    hotel_id        VARCHAR(64)    NOT NULL,
    room_type_id    VARCHAR(64)    NOT NULL,
    start_date      DATE           NOT NULL,
    end_date        DATE           NOT NULL,
    number_of_rooms INTEGER        NOT NULL,
    currency        VARCHAR(3)     NOT NULL,
    nights          VARCHAR(8000)  NOT NULL,
    subtotal        NUMERIC(19, 4) NOT NULL,
    taxes           NUMERIC(19, 4) NOT NULL,
    fees            NUMERIC(19, 4) NOT NULL,
    total           NUMERIC(19, 4) NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_reservation_order PRIMARY KEY (reservation_id),
    CONSTRAINT fk_reservation_order_hotel FOREIGN KEY (hotel_id) REFERENCES hotel (hotel_id),
    CONSTRAINT fk_reservation_order_room_type FOREIGN KEY (room_type_id) REFERENCES room_type (room_type_id)
);

-- Table 7.3. reservation_id is the order's: a second submission finds this row.
CREATE TABLE reservation (
    reservation_id   VARCHAR(64)    NOT NULL,
    hotel_id         VARCHAR(64)    NOT NULL,
    room_type_id     VARCHAR(64)    NOT NULL,
    guest            VARCHAR(100)   NOT NULL,
    guest_name       VARCHAR(200)   NOT NULL,
    guest_email      VARCHAR(254)   NOT NULL,
    start_date       DATE           NOT NULL,
    end_date         DATE           NOT NULL,
    number_of_rooms  INTEGER        NOT NULL,
    status           VARCHAR(20)    NOT NULL,
    status_reason    VARCHAR(500),
    overbooked       BOOLEAN        NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    total            NUMERIC(19, 4) NOT NULL,
    checkout_id      VARCHAR(100)   NOT NULL,
    payment_order_id VARCHAR(100)   NOT NULL,
    payment_deadline TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version          BIGINT         NOT NULL,
    CONSTRAINT pk_reservation PRIMARY KEY (reservation_id),
    CONSTRAINT fk_reservation_order FOREIGN KEY (reservation_id) REFERENCES reservation_order (reservation_id),
    CONSTRAINT uq_reservation_payment_order UNIQUE (payment_order_id),
    CONSTRAINT ck_reservation_dates CHECK (end_date > start_date),
    CONSTRAINT ck_reservation_rooms CHECK (number_of_rooms > 0)
);
CREATE INDEX ix_reservation_guest ON reservation (guest, created_at);
CREATE INDEX ix_reservation_hotel ON reservation (hotel_id, start_date);
CREATE INDEX ix_reservation_status ON reservation (status, payment_deadline);

CREATE TABLE reservation_history (
    history_id     BIGINT GENERATED BY DEFAULT AS IDENTITY,
    reservation_id VARCHAR(64)  NOT NULL,
    from_status    VARCHAR(20),
    to_status      VARCHAR(20)  NOT NULL,
    cause          VARCHAR(500) NOT NULL,
    changed_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_reservation_history PRIMARY KEY (history_id),
    CONSTRAINT fk_reservation_history FOREIGN KEY (reservation_id) REFERENCES reservation (reservation_id)
);
CREATE INDEX ix_reservation_history ON reservation_history (reservation_id, history_id);
