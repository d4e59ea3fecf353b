package org.reckon.platform.web.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ViolationPathsTest {

    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory().getValidator();

    record Order(@NotBlank String sellerAccount, @NotNull @Min(1) Integer amountMinor) {
    }

    record Checkout(@NotBlank String checkoutId, @Valid @Size(min = 1) List<Order> paymentOrders) {
    }

    static class Resource {
        public void find(@PathParam("hotel_id") @Min(1) long hotelId,
                         @QueryParam("start_date") @NotBlank String startDate,
                         @HeaderParam("Idempotency-Key") @NotBlank String key) {
        }

        public void create(@Valid @NotNull Checkout body) {
        }
    }

    private Set<String> fields(String methodName, Object... args) throws Exception {
        Method method = null;
        for (Method m : Resource.class.getMethods()) {
            if (m.getName().equals(methodName)) {
                method = m;
            }
        }
        Set<ConstraintViolation<Resource>> violations =
                validator.forExecutables().validateParameters(new Resource(), method, args);
        Set<String> fields = new TreeSet<>();
        for (ConstraintViolation<Resource> v : violations) {
            assertFalse(ViolationPaths.isReturnValue(v));
            fields.add(ViolationPaths.fieldOf(v));
        }
        return fields;
    }

    @Test
    void parametersAreNamedAsOnTheWire() throws Exception {
        assertEquals(Set.of("hotel_id", "start_date", "Idempotency-Key"), fields("find", 0L, " ", null));
    }

    @Test
    void bodyPropertiesAreNamedBySnakeCaseJsonPath() throws Exception {
        Checkout body = new Checkout("", List.of(new Order("s1", 5), new Order(" ", 0)));
        assertEquals(Set.of("checkout_id", "payment_orders[1].amount_minor", "payment_orders[1].seller_account"),
                fields("create", body));
    }

    @Test
    void aMissingBodyIsNamedRequest() throws Exception {
        assertEquals(Set.of("request"), fields("create", new Object[] {null}));
    }

    @Test
    void camelCaseBecomesSnakeCase() {
        assertEquals("payment_order_id", ViolationPaths.snakeCase("paymentOrderId"));
        assertEquals("amount", ViolationPaths.snakeCase("amount"));
    }
}
