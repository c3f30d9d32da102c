package io.lexhub.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * Which server certificates the IMAPS connection trusts: the JVM's by default, or only those of
 * lexhub.mail.imap.trust-store, for a mail server with a self-signed certificate or one from the
 * operator's own CA. The store is a PEM file of one or more certificates (.pem, .crt, .cer) or a
 * PKCS12 / JKS key store (with lexhub.mail.imap.trust-store-password when it has one). Read at
 * start: a missing or unreadable store stops the hub with the reason, not every poll later.
 * The host name is still checked against the certificate (Angus Mail's ssl.checkserveridentity).
 */
public final class MailTrust {

    private MailTrust() {}

    /** @param store null: the JVM's trusted certificates */
    public static SSLContextParameters parameters(String store, String password) {
        SSLContextParameters p = new SSLContextParameters();
        if (store == null || store.isBlank()) return p;
        TrustManagersParameters trust = new TrustManagersParameters();
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(load(Path.of(store.strip()), password));
            trust.setTrustManager(f.getTrustManagers()[0]);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("lexhub.mail.imap.trust-store " + store + " cannot be used: " + e.getMessage(), e);
        }
        p.setTrustManagers(trust);
        return p;
    }

    static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(file)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("ca-" + i++, c);
                if (i == 0) throw new GeneralSecurityException("no certificate in the file");
            }
            return ks;
        }
        KeyStore ks = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        if (ks.size() == 0) throw new GeneralSecurityException("the key store holds no certificate");
        return ks;
    }
}
