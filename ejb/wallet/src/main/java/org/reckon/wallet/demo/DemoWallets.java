package org.reckon.wallet.demo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Currency;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.payment.api.Checkouts;
import org.reckon.payment.api.Viewer;
import org.reckon.shared.money.Money;
import org.reckon.wallet.AccountView;
import org.reckon.wallet.Caller;
import org.reckon.wallet.TopUps;
import org.reckon.wallet.Wallets;
import org.reckon.platform.cluster.SingletonWork;

/**
 * Demo data for {@code ./mvnw -Prun} ({@code reckon.env=dev}): on the first start alice and bob
 * each get a EUR wallet holding 1,000.00, topped up like any other top-up: a pay-in through the
 * payment system, paid on the PSP sandbox with its succeeding test card (the sandbox's own
 * confirm API, as its hosted page does), credited when payment.succeeded arrives. A user who
 * already has a wallet is left alone; a failed step is retried on the next start.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DemoWallets {

    private static final Logger LOG = Logger.getLogger(DemoWallets.class.getName());
    private static final String[] USERS = {"alice", "bob"};

    @Inject
    @ConfigProperty(name = "reckon.env", defaultValue = "prod")
    String env;

    @Inject
    @ConfigProperty(name = "reckon.psp.url", defaultValue = "http://localhost:8080/psp-sandbox")
    String pspUrl;

    @Resource
    TimerService timers;

    @EJB
    Wallets wallets;

    @EJB
    TopUps topUps;

    @EJB
    Checkouts checkouts;

    @PostConstruct
    void schedule() {
        if ("dev".equals(env)) {
            timers.createSingleActionTimer(10_000, new TimerConfig("demo wallets", false));
        }
    }

    @SingletonWork
    @Timeout
    void seed() {
        for (String user : USERS) {
            try {
                Caller caller = new Caller(user, false);
                if (!wallets.mine(caller).isEmpty()) {
                    continue;
                }
                AccountView account = wallets.open(caller, Currency.getInstance("EUR"));
                TopUps.TopUpView topUp = topUps.start(caller, account.accountId(), new Money(new BigDecimal("1000.00"), Currency.getInstance("EUR")));
                String token = null;
                for (int i = 0; i < 100 && token == null; i++) {
                    token = checkouts.order(topUp.paymentOrderId(), new Viewer(user, false)).pspToken();
                    if (token == null) {
                        Thread.sleep(200); // the PSP registers the payment asynchronously
                    }
                }
                HttpResponse<String> paid = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                        HttpRequest.newBuilder(URI.create(pspUrl + "/api/v1/payments/" + token + "/confirm"))
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"4242424242424242\",\"holder\":\""
                                        + user + "\",\"expiry\":\"12/30\",\"cvv\":\"123\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                LOG.info(() -> "Demo data: " + user + "'s wallet " + account.accountId() + " topped up with EUR 1,000.00 at the PSP sandbox ("
                        + paid.statusCode() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "demo wallet of " + user + " not seeded", e);
            }
        }
    }
}
