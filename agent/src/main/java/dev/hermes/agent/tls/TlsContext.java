package dev.hermes.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS from a PKCS#12 keystore or a PEM file (a PKCS#8 {@code PRIVATE KEY} and its {@code
 * CERTIFICATE} chain): the server's context, and a child's context that trusts exactly its parent's
 * certificate.
 *
 * <p>{@code SSLContext tls = TlsContext.forServer(Path.of("hermes.p12"), "changeit");}
 */
public final class TlsContext {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

  private TlsContext() {}

  /** A server context with the key and chain in {@code file}. */
  public static SSLContext forServer(Path file, String password)
      throws IOException, GeneralSecurityException {
    char[] pass = password == null ? new char[0] : password.toCharArray();
    KeyStore keys = load(file, pass);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, pass);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /** A client context that trusts only the certificates in the PEM file {@code certificates}. */
  public static SSLContext trusting(Path certificates)
      throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int n = 0;
    for (Certificate c : certificates(Files.readString(certificates, StandardCharsets.US_ASCII))) {
      trust.setCertificateEntry("parent" + n++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** Writes the server's own (leaf) certificate as PEM, for its children to trust. */
  public static void writeLeafCertificate(Path file, String password, Path to)
      throws IOException, GeneralSecurityException {
    KeyStore keys = load(file, password == null ? new char[0] : password.toCharArray());
    for (Enumeration<String> aliases = keys.aliases(); aliases.hasMoreElements(); ) {
      String alias = aliases.nextElement();
      if (keys.isKeyEntry(alias)) {
        String pem =
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(keys.getCertificate(alias).getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(to, pem, StandardCharsets.US_ASCII);
        return;
      }
    }
    throw new GeneralSecurityException("no private key entry in " + file);
  }

  static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!name.endsWith(".pem")) {
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, password);
      }
      return store;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    PrivateKey key = null;
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals("PRIVATE KEY")) {
        key = privateKey(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    List<Certificate> chain = certificates(text);
    if (key == null || chain.isEmpty()) {
      throw new GeneralSecurityException(
          file + " needs a PKCS#8 'PRIVATE KEY' and at least one 'CERTIFICATE' block");
    }
    store.load(null, null);
    store.setKeyEntry("hermes", key, password, chain.toArray(new Certificate[0]));
    return store;
  }

  private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<Certificate> certs = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        certs.add(factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    }
    return certs;
  }

  private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }
}
