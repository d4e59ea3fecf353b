package org.reckon.pspsandbox.fault;

import java.time.Duration;
import org.reckon.pspsandbox.domain.DecisionDelays;
import org.reckon.pspsandbox.problem.Violations;

/**
 * The fault switches and timings, exactly as {@code GET/PUT /api/v1/faults} shows them.
 * <ul>
 *   <li>{@code latency_millis}: sleep before answering a payments call;</li>
 *   <li>{@code error_rate}: that fraction of payments calls answer 503 and do nothing;</li>
 *   <li>{@code drop_response_rate}: that fraction do the work, commit it, then answer 504, so the
 *       caller cannot know it happened (a retry with the same nonce must find it);</li>
 *   <li>{@code duplicate_webhooks}: every webhook delivered twice, same event_id;</li>
 *   <li>{@code reorder_webhooks}: webhooks delayed 0-2 s at random, no per-payment order;</li>
 *   <li>{@code pending_millis}, {@code processing_timeout_millis}: how long held payments wait.</li>
 * </ul>
 */
public record FaultSettings(
        long latencyMillis,
        double errorRate,
        double dropResponseRate,
        boolean duplicateWebhooks,
        boolean reorderWebhooks,
        long pendingMillis,
        long processingTimeoutMillis) {

    public static final FaultSettings DEFAULTS = new FaultSettings(0, 0.0, 0.0, false, false, 3000, 10000);

    static final long MAX_LATENCY_MILLIS = 60_000;
    static final long MAX_HOLD_MILLIS = 3_600_000;

    /**
     * A PUT body: every field optional, and an absent field takes its DEFAULT (not its current
     * value), so a PUT states the whole configuration and no switch stays on by surprise.
     */
    public record Update(
            Long latencyMillis,
            Double errorRate,
            Double dropResponseRate,
            Boolean duplicateWebhooks,
            Boolean reorderWebhooks,
            Long pendingMillis,
            Long processingTimeoutMillis) {

        /** The settings this update describes; throws a 400 problem naming every bad field. */
        public FaultSettings toSettings() {
            Violations v = new Violations();
            FaultSettings s = new FaultSettings(
                    millis(v, "latency_millis", latencyMillis, DEFAULTS.latencyMillis, MAX_LATENCY_MILLIS),
                    rate(v, "error_rate", errorRate, DEFAULTS.errorRate),
                    rate(v, "drop_response_rate", dropResponseRate, DEFAULTS.dropResponseRate),
                    duplicateWebhooks != null ? duplicateWebhooks : DEFAULTS.duplicateWebhooks,
                    reorderWebhooks != null ? reorderWebhooks : DEFAULTS.reorderWebhooks,
                    millis(v, "pending_millis", pendingMillis, DEFAULTS.pendingMillis, MAX_HOLD_MILLIS),
                    millis(v, "processing_timeout_millis", processingTimeoutMillis, DEFAULTS.processingTimeoutMillis, MAX_HOLD_MILLIS));
            v.throwIfAny();
            return s;
        }

        private static long millis(Violations v, String field, Long value, long fallback, long max) {
            if (value == null) {
                return fallback;
            }
            if (value < 0 || value > max) {
                v.add(field, "must be between 0 and " + max);
            }
            return value;
        }

        private static double rate(Violations v, String field, Double value, double fallback) {
            if (value == null) {
                return fallback;
            }
            if (value.isNaN() || value < 0.0 || value > 1.0) {
                v.add(field, "must be between 0.0 and 1.0");
            }
            return value;
        }
    }

    public DecisionDelays decisionDelays() {
        return new DecisionDelays(Duration.ofMillis(pendingMillis), Duration.ofMillis(processingTimeoutMillis));
    }
}
