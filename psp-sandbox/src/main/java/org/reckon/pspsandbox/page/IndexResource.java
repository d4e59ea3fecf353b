package org.reckon.pspsandbox.page;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.reckon.pspsandbox.fault.Faults;
import org.reckon.pspsandbox.platform.SandboxJson;
import org.reckon.pspsandbox.webhook.Backoff;
import org.reckon.pspsandbox.webhook.WebhookSecret;

/** {@code /psp-sandbox/}: what the sandbox does and how to drive it, with the live fault settings. */
@Path("")
@RequestScoped
public class IndexResource {

    @Inject
    Faults faults;

    @GET
    @Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
    public String index() {
        String body = """
                <h1>Reckon PSP sandbox</h1>
                <p>A fake payment service provider, like a card processor's test mode. It talks to Reckon only
                over HTTP and keeps its own database (<code>PspSandboxDS</code>). JSON is snake_case; money is a
                decimal string plus an ISO 4217 currency; errors are RFC 9457 <code>application/problem+json</code>.
                It has <strong>no authentication</strong>: dev and test servers only.</p>

                <h2>Payments API</h2>
                <table>
                <tr><td><code>POST api/v1/payments</code></td><td>register <code>{nonce, amount, currency, merchant_reference,
                  return_url, webhook_url}</code>: 201, or 200 for the same nonce again; another amount or currency for
                  a known nonce is 409</td></tr>
                <tr><td><code>GET api/v1/payments/{nonce}</code></td><td>status query</td></tr>
                <tr><td><code>GET pay/{token}</code></td><td>hosted card page (<code>hosted_page_url</code>); paying answers
                  303 to <code>return_url?payment_order_id={nonce}</code></td></tr>
                <tr><td><code>POST api/v1/payments/{token}/confirm</code></td><td>pay by API: <code>{card_number, holder, expiry, cvv}</code></td></tr>
                <tr><td><code>POST api/v1/payments/{nonce}/refunds</code></td><td><code>{refund_id, amount, currency}</code>,
                  idempotent on refund_id; over-refunds are 422</td></tr>
                <tr><td><code>GET api/v1/settlements/{yyyy-MM-dd}</code></td><td>the UTC day's charges and refunds as CSV</td></tr>
                <tr><td><code>GET api/v1/webhook-events?nonce=...</code></td><td>a payment's webhooks and every delivery attempt</td></tr>
                </table>
                <p>Card numbers, CVVs and expiry dates are never stored or logged: only the brand and last four digits.</p>

                <h2>Test cards</h2>
                %s

                <h2>Webhooks</h2>
                <p>Every status change (pending, succeeded, failed, refunded) is POSTed to the payment's <code>webhook_url</code>:
                <code>{event_id, type, created, data: {nonce, token, psp_reference, status, amount, currency, failure_reason,
                refunded_amount}}</code>, with header <code>PSP-Signature: t=&lt;epoch seconds&gt;,v1=&lt;hex HMAC-SHA256(secret,
                "&lt;t&gt;.&lt;raw body&gt;")&gt;</code>. The secret is the MicroProfile Config property
                <code>%s</code> (default <code>%s</code>). Until the receiver answers 2xx, retries wait 1 s, 2 s, 4 s ...
                up to 60 s, %d attempts in all. A payment's events arrive in order.</p>

                <h2>Fault injection</h2>
                <p><code>GET</code> / <code>PUT api/v1/faults</code> (absent fields take their defaults),
                <code>POST api/v1/faults/reset</code>. They apply to <code>api/v1/payments*</code> only:
                <code>latency_millis</code> sleeps before answering; <code>error_rate</code> answers 503 doing nothing;
                <code>drop_response_rate</code> does the work, then answers 504 (retry with the same nonce to find it);
                <code>duplicate_webhooks</code> delivers each webhook twice with the same event_id;
                <code>reorder_webhooks</code> adds 0-2 s random delay and drops per-payment order;
                <code>pending_millis</code> and <code>processing_timeout_millis</code> time the held test cards.
                Kept in memory: a restart resets them. <code>GET api/v1/faults/injections[?nonce=]</code> lists what
                they did (<code>delayed</code>, <code>error</code>, <code>dropped_response</code>, with the nonce and the time).</p>
                <p>Now: <code>%s</code></p>
                """.formatted(Html.testCardTable(), WebhookSecret.KEY, WebhookSecret.DEFAULT, Backoff.MAX_ATTEMPTS,
                Html.escape(SandboxJson.toJson(faults.current())));
        return Html.page("Reckon PSP sandbox", body);
    }
}
