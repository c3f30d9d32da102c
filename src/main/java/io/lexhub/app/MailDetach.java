package io.lexhub.app;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.DefaultMessage;

/**
 * The mail route's first step: the IMAP message goes on as the body of a plain Camel message,
 * so nothing in Camel ever maps its headers. camel-mail's MailMessage maps them on the first
 * header access (the route's removeHeaders, the error handler) from the IMAP ENVELOPE, and Angus
 * Mail cannot read an envelope whose address a server such as Dovecot sends as raw UTF-8: the
 * message then failed before the route could quarantine it, on every poll. The hub reads the
 * message's raw bytes itself ({@link MailDrop#read}). A Processor, not a bean call: Camel's bean
 * binding may read headers too.
 */
public final class MailDetach implements Processor {

    @Override
    public void process(Exchange exchange) {
        if (!(exchange.getIn() instanceof MailMessage mail)) return;
        DefaultMessage plain = new DefaultMessage(exchange);
        plain.setBody(mail.getOriginalMessage());
        exchange.setIn(plain);
    }
}
