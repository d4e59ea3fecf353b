package org.reckon.it.faults;

import org.reckon.it.support.TestUsers;

/**
 * The five columns of the authorization matrix. Roles come from users-test.cli: alice and bob
 * are {@code customer}, staff is {@code staff}, admin is {@code admin} AND {@code staff} (so an
 * admin can do whatever staff can, plus the admin-only operations).
 */
enum Caller {
    ANONYMOUS(null),
    ALICE(TestUsers.ALICE),
    BOB(TestUsers.BOB),
    STAFF(TestUsers.STAFF),
    ADMIN(TestUsers.ADMIN);

    final TestUsers user;

    Caller(TestUsers user) {
        this.user = user;
    }

    /** Staff and admins see everything; a customer sees only what is theirs. */
    boolean seesEverything() {
        return this == STAFF || this == ADMIN;
    }

    String label() {
        return this == ANONYMOUS ? "anonymous" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
