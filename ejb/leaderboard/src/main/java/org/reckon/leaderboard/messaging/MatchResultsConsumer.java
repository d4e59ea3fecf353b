package org.reckon.leaderboard.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.logging.Logger;
import org.reckon.leaderboard.Scores;
import org.reckon.leaderboard.domain.MatchResult;

/**
 * Match results from game servers on {@code MatchResultsQueue}: a text message
 * {@code {"match_id":"…","user_id":"…","points":n}}. Each is applied by {@link Scores#record} in
 * the delivery's transaction, with the inbox entry of its match_id: a redelivery, or the same
 * match also posted over HTTP, counts once. An unreadable message or an unknown player rolls
 * back; after the retries it rests in DLQ.MatchResultsQueue (staff replay it from
 * /v1/admin/dead-letters/match-results).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/MatchResultsQueue"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")})
public class MatchResultsConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(MatchResultsConsumer.class.getName());

    @EJB
    Scores scores;

    @Override
    public void onMessage(Message message) {
        JsonObject json;
        try {
            json = Json.createReader(new StringReader(((TextMessage) message).getText())).readObject();
            scores.record(json.getString("match_id"), json.getString("user_id"),
                    json.getJsonNumber("points").longValueExact(), MatchResult.Source.JMS);
        } catch (JMSException | ClassCastException | JsonException | NullPointerException | ArithmeticException e) {
            LOG.warning(() -> "unreadable match result, left to the dead-letter queue: " + e);
            throw new IllegalStateException("unreadable match result", e);
        }
    }
}
