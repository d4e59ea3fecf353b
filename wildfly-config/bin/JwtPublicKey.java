import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * Reads an RSA public key in OpenSSH format ("ssh-rsa AAAA..."), as
 * {@code elytron-tool.sh credential-store --export-key-pair-public-key} prints it, on standard input,
 * and prints it as one line of PEM ("-----BEGIN PUBLIC KEY-----...-----END PUBLIC KEY-----"), the
 * form the Elytron token realm's {@code jwt.public-key} takes. Run as a single-file program:
 * {@code java JwtPublicKey.java < key.pub} (configure-server.sh).
 */
public class JwtPublicKey {

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        String[] line = new String(System.in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
        if (line.length < 2 || !"ssh-rsa".equals(line[0])) {
            throw new IllegalArgumentException("expected an OpenSSH RSA public key (ssh-rsa ...)");
        }
        DataInputStream blob = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(line[1])));
        if (!"ssh-rsa".equals(new String(field(blob), StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("the key blob is not ssh-rsa");
        }
        BigInteger exponent = new BigInteger(field(blob));
        BigInteger modulus = new BigInteger(field(blob));
        byte[] der = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)).getEncoded();
        System.out.println("-----BEGIN PUBLIC KEY-----" + Base64.getEncoder().encodeToString(der) + "-----END PUBLIC KEY-----");
    }

    private static byte[] field(DataInputStream in) throws IOException {
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return value;
    }
}
