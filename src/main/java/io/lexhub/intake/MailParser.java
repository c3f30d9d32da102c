package io.lexhub.intake;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a raw RFC 5322 message (untrusted bytes) into the few things the hub uses: sender,
 * identity, threading ids, authentication results, the text and the attachments. Strict where
 * leniency hides tricks (one From, complete multipart boundaries) and bounded everywhere (size,
 * attachment count and size, nesting). Plain Java: no Camel types.
 */
public final class MailParser {

    public record Limits(int maxMessageBytes, int maxAttachmentBytes, int maxAttachments) {}

    public record Attachment(String fileName, String contentType, byte[] content) {}

    public record ParsedMail(
            String messageId,
            String fromAddress,
            String fromName,
            String subject,
            List<String> threadIds,
            List<AuthenticationResults.TraceHeader> trace,
            String text,
            List<Attachment> attachments,
            String contentSha256,
            String language) {

        /** The Authentication-Results headers, top first, whoever wrote them. */
        public List<String> authenticationResults() {
            return trace.stream().filter(AuthenticationResults.TraceHeader::isAuthenticationResults).map(AuthenticationResults.TraceHeader::value).toList();
        }

        public String fromDomain() {
            return fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
        }
    }

    private static final int MAX_DEPTH = 8;
    private static final int MAX_PARTS = 100;
    private static final int MAX_ID_LENGTH = 250;
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1," + (MAX_ID_LENGTH - 2) + "}>");

    private final Limits limits;
    private final Session session;

    public MailParser(Limits limits) {
        this.limits = limits;
        Properties p = new Properties();
        // RFC 6532: headers in raw UTF-8 (a display name, a subject, an internationalised address)
        // are read as UTF-8, not as Latin-1 ("LÃ©na" for "Léna")
        p.setProperty("mail.mime.allowutf8", "true");
        // a multipart without its boundaries is broken mail, not a message to guess at
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "false");
        p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "false");
        p.setProperty("mail.mime.multipart.ignoreexistingboundaryparameter", "false");
        this.session = Session.getInstance(p);
    }

    public ParsedMail parse(byte[] raw) {
        if (raw.length > limits.maxMessageBytes()) {
            throw new MalformedMailException("The message is larger than " + limits.maxMessageBytes() + " bytes.");
        }
        try {
            MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
            InternetAddress from = singleFrom(m);
            Body body = new Body();
            walk(m, body, 0);
            String text = body.plain != null ? body.plain : body.html != null ? HtmlText.toText(body.html) : "";
            return new ParsedMail(
                    messageId(m),
                    from.getAddress().toLowerCase(Locale.ROOT),
                    clean(from.getPersonal()),
                    clean(m.getSubject()),
                    threadIds(m),
                    trace(m),
                    text.replace("\r\n", "\n").replace('\r', '\n'),
                    List.copyOf(body.attachments),
                    contentHash(raw, from.getAddress(), m.getSubject()),
                    language(m));
        } catch (MessagingException | IOException | RuntimeException e) {
            if (e instanceof MalformedMailException mm) throw mm;
            throw new MalformedMailException("The message is not well-formed MIME: " + clean(e.getMessage()) + ".");
        }
    }

    private static InternetAddress singleFrom(MimeMessage m) throws MessagingException {
        String[] headers = m.getHeader("From");
        if (headers == null || headers.length != 1) throw new MalformedMailException("The message must have exactly one From header.");
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parseHeader(headers[0], true);
        } catch (AddressException e) {
            throw new MalformedMailException("The From address cannot be read.");
        }
        if (addresses.length != 1 || addresses[0].getAddress() == null || addresses[0].getAddress().indexOf('@') < 1) {
            throw new MalformedMailException("The message must come from exactly one address.");
        }
        return addresses[0];
    }

    /** The Message-ID, or "" when absent or not of the form <id>; then the content hash alone identifies it. */
    private static String messageId(MimeMessage m) throws MessagingException {
        String[] ids = m.getHeader("Message-ID");
        if (ids == null || ids.length != 1) return "";
        Matcher matcher = MESSAGE_ID.matcher(ids[0].strip());
        return matcher.matches() ? matcher.group() : "";
    }

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");

    /**
     * The language the sender wrote in, as their mail program declares it (Content-Language, its
     * first tag), for replies to a mail that did not become a request; null when not given or not a tag.
     */
    private static String language(MimeMessage m) throws MessagingException {
        String[] values = m.getHeader("Content-Language");
        if (values == null || values.length == 0) return null;
        String first = values[0].split(",")[0].strip();
        return LANGUAGE_TAG.matcher(first).matches() ? first : null;
    }

    /** Message-IDs this message answers (In-Reply-To and References), for threading. */
    private static List<String> threadIds(MimeMessage m) throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (String name : new String[] {"In-Reply-To", "References"}) {
            String[] values = m.getHeader(name);
            if (values == null) continue;
            for (String v : values) {
                Matcher matcher = MESSAGE_ID.matcher(v);
                while (matcher.find() && ids.size() < 50) if (!ids.contains(matcher.group())) ids.add(matcher.group());
            }
        }
        return ids;
    }

    /** Received and Authentication-Results headers in the order they appear (top first): their order decides whom to trust. */
    private static List<AuthenticationResults.TraceHeader> trace(MimeMessage m) throws MessagingException {
        List<AuthenticationResults.TraceHeader> out = new ArrayList<>();
        java.util.Enumeration<jakarta.mail.Header> all = m.getAllHeaders();
        while (all.hasMoreElements() && out.size() < 500) {
            jakarta.mail.Header h = all.nextElement();
            if (h.getName().equalsIgnoreCase("Received") || h.getName().equalsIgnoreCase("Authentication-Results")) {
                out.add(new AuthenticationResults.TraceHeader(h.getName(), h.getValue().replaceAll("\\r?\\n[ \\t]+", " ").strip()));
            }
        }
        return out;
    }

    private static final class Body {
        String plain;
        String html;
        int parts;
        final List<Attachment> attachments = new ArrayList<>();
    }

    private void walk(Part part, Body body, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || ++body.parts > MAX_PARTS) throw new MalformedMailException("The message is nested too deeply or has too many parts.");
        ContentType type = new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
        if (type.match("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart mp)) throw new MalformedMailException("A multipart part has no parts.");
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walk(child, body, depth + 1);
            }
            return;
        }
        String fileName = part.getFileName() == null ? null : clean(MimeUtility.decodeText(part.getFileName()));
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null;
        if (!attachment && type.match("text/plain") && body.plain == null) {
            body.plain = decode(read(part, limits.maxMessageBytes()), type);
        } else if (!attachment && type.match("text/html") && body.html == null) {
            body.html = decode(read(part, limits.maxMessageBytes()), type);
        } else if (attachment) {
            if (body.attachments.size() >= limits.maxAttachments()) {
                throw new MalformedMailException("The message has more than " + limits.maxAttachments() + " attachments.");
            }
            byte[] bytes = read(part, limits.maxAttachmentBytes());
            body.attachments.add(new Attachment(fileName, type.getBaseType().toLowerCase(Locale.ROOT), bytes));
        }
    }

    /** Decoded content of a part, refusing more than {@code max} bytes. */
    private static byte[] read(Part part, int max) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (out.size() + n > max) {
                    throw new MalformedMailException("An attachment or body part is larger than " + max + " bytes.");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static String decode(byte[] bytes, ContentType type) {
        Charset cs = StandardCharsets.UTF_8;
        String name = type.getParameter("charset");
        try {
            if (name != null) cs = Charset.forName(MimeUtility.javaCharset(name.strip()));
        } catch (RuntimeException e) {
            // unknown charset: read as UTF-8, bad bytes become U+FFFD
        }
        return new String(bytes, cs);
    }

    /**
     * Hash of what the sender wrote: From, Subject and everything after the header block. Trace
     * headers (Received, Delivered-To...) are left out, so the same message relayed twice hashes alike.
     */
    static String contentHash(byte[] raw, String from, String subject) {
        int bodyStart = raw.length;
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))) {
                bodyStart = i + 1;
                break;
            }
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((from + "\n" + (subject == null ? "" : subject) + "\n").getBytes(StandardCharsets.UTF_8));
            d.update(raw, bodyStart, raw.length - bodyStart);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of display text: no control or bidi characters, so nothing can fake a header or a line. */
    static String clean(String s) {
        return s == null ? "" : RequestParser.cleanText(s, false);
    }
}
