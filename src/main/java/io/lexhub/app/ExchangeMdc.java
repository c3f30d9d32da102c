package io.lexhub.app;

import io.lexhub.access.Principal;
import io.lexhub.api.AccessGate;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

/**
 * What a log line says about the exchange it was written for (docs/operations.md, "Logs"): the
 * route and exchange, the request reference and channel (exchange properties the intake sets) and
 * the acting principal (the access gate's), read from the exchange itself. Each step of a route is
 * wrapped: the values are put into the MDC before the step and the thread's previous values put
 * back after it, so nothing carries over to the next exchange on a pooled thread.
 *
 * <p>Not Camel's MDC unit of work (camel.main.use-mdc-logging, or a factory of our own built on
 * it): with it in place, a mail the mailbox consumer had to quarantine stayed in flight and was
 * never moved (MailOnDovecotTest), and it never removes keys it did not set.
 */
public final class ExchangeMdc implements InterceptStrategy {

    /** Exchange property: the request reference the exchange works on. */
    public static final String REFERENCE = "lexhubReference";
    /** Exchange property: the channel the input came through (file, mail, jira, api, portal). */
    public static final String CHANNEL = "lexhubChannel";

    /** The MDC keys, as the JSON log layout names them. */
    static final String MDC_ROUTE = "camel.routeId";
    static final String MDC_EXCHANGE = "camel.exchangeId";
    static final String MDC_REFERENCE = "lexhub.reference";
    static final String MDC_CHANNEL = "lexhub.channel";
    static final String MDC_PRINCIPAL = "lexhub.principal";
    private static final String[] KEYS = {MDC_ROUTE, MDC_EXCHANGE, MDC_REFERENCE, MDC_CHANNEL, MDC_PRINCIPAL};

    private ExchangeMdc() {}

    /** Every step of every route keeps the MDC; call before the routes are built. */
    public static void install(CamelContext context) {
        context.getCamelContextExtension().addInterceptStrategy(new ExchangeMdc());
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(AsyncProcessorConverterHelper.convert(target)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Map<String, String> before = current();
                put(MDC_ROUTE, ExchangeHelper.getAtRouteId(exchange));
                put(MDC_EXCHANGE, exchange.getExchangeId());
                put(MDC_REFERENCE, exchange.getProperty(REFERENCE, String.class));
                put(MDC_CHANNEL, exchange.getProperty(CHANNEL, String.class));
                Object principal = exchange.getProperty(AccessGate.PRINCIPAL);
                put(MDC_PRINCIPAL, principal instanceof Principal p ? p.actor() : null);
                try {
                    return processor.process(exchange, callback);
                } finally {
                    for (String key : KEYS) put(key, before.get(key));
                }
            }
        };
    }

    private static Map<String, String> current() {
        Map<String, String> now = new HashMap<>();
        for (String key : KEYS) {
            String value = MDC.get(key);
            if (value != null) now.put(key, value);
        }
        return now;
    }

    private static void put(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }
}
