package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * Issue 11, item 2: the tokens' signing key pair sits in an Elytron credential store
 * ({@code credential-store=ReckonJwtCS}, alias "jwt"), not in a key store; the token realm validates
 * with that pair's public key (the system property the provisioning exported from the store), and
 * a token POST /v1/auth/token issues verifies with it. Runs in the container (the server's JMX view
 * of its management model).
 */
@ExtendWith(ArquillianExtension.class)
class TokenSigningKeyIT {

    private static final String ELYTRON = "jboss.as:subsystem=elytron";

    @Test
    void tokensAreSignedWithTheCredentialStoresKeyPairAndTheRealmValidatesWithItsPublicKey() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName store = new ObjectName(ELYTRON + ",credential-store=ReckonJwtCS");
        assertTrue(jmx.isRegistered(store), "the credential store ReckonJwtCS");
        String readAliases = Arrays.stream(jmx.getMBeanInfo(store).getOperations()).map(MBeanOperationInfo::getName)
                .filter(n -> n.equalsIgnoreCase("readAliases") || n.equals("read-aliases")).findFirst().orElseThrow();
        Object aliases = jmx.invoke(store, readAliases, new Object[0], new String[0]);
        String listed = aliases instanceof Object[] array ? Arrays.toString(array) : String.valueOf(aliases);
        assertTrue(listed.contains("jwt"), "the key pair 'jwt' is in the credential store: " + listed);
        assertFalse(jmx.isRegistered(new ObjectName(ELYTRON + ",key-store=ReckonJwtKS")), "no signing key store left");
        String realm = String.valueOf(jmx.getAttribute(new ObjectName(ELYTRON + ",token-realm=ReckonJwtRealm"), "jwt"));
        assertFalse(realm.contains("ReckonJwtKS"), "the realm reads no key store: " + realm);

        String pem = System.getProperty("reckon.jwt.public-key");
        assertNotNull(pem, "the public key exported from the credential store at provisioning");
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").strip())));

        HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/auth/token"), TestUsers.ALICE.user, TestUsers.ALICE.password)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, r.statusCode(), r.body());
        String[] jwt = Json.object(r.body()).getString("access_token").split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey);
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(jwt[2])), "signed by the credential store's private key");
        String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"upn\":\"" + TestUsers.ALICE.user + "\"") && claims.contains("\"iss\":\"reckon\"")
                && claims.contains("\"aud\":\"reckon\""), "MicroProfile JWT's claims: " + claims);
    }
}
