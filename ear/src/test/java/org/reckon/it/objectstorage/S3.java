package org.reckon.it.objectstorage;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.reckon.it.support.Http;
import org.reckon.it.support.TestUsers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The test server's S3 endpoint (port 9000 + offset) and clients of it, configured as any S3 user would. */
final class S3 {

    private S3() {
    }

    static int offset() {
        return Integer.getInteger("reckon.test.port.offset", 100);
    }

    static String endpoint() {
        return "http://127.0.0.1:" + (9000 + offset());
    }

    /** Only endpoint, region, keys and path-style access. */
    static S3Client client(Keys keys) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.id(), keys.secret())))
                .forcePathStyle(true)
                .build();
    }

    static S3Presigner presigner(Keys keys) {
        return S3Presigner.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.id(), keys.secret())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    static Keys newKey(TestUsers user) {
        HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/object-storage/access-keys")
                .POST(HttpRequest.BodyPublishers.noBody()), user.user, user.password));
        if (r.statusCode() != 201) throw new AssertionError("access key for " + user.user + ": " + r.statusCode() + " " + r.body());
        JsonObject o = Json.createReader(new StringReader(r.body())).readObject();
        return new Keys(o.getString("access_key_id"), o.getString("secret_access_key"));
    }

    static int revoke(TestUsers user, String keyId) {
        return Http.send(Http.as(Http.request("/v1/object-storage/access-keys/" + keyId).DELETE(), user.user, user.password)).statusCode();
    }

    /** Waits until the cluster map counts exactly n live data nodes (a killed one has been noticed). */
    static void awaitExactlyLive(int n) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("the cluster map counts " + n + " live nodes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/_reckon/heartbeat")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().split(" live ").length - 1 == n);
    }

    /** Waits until the cluster map has heard from n live data nodes. */
    static void awaitNodes(int n) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("the data nodes heartbeat").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/_reckon/heartbeat")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().split(" live ").length - 1 >= n;
        });
    }
}
