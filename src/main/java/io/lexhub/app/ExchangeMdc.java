package io.lexhub.app;

import io.lexhub.access.Principal;
import io.lexhub.api.AccessGate;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;

/**
 * What a log line says about the exchange it was written for (docs/operations.md, "Logs"): Camel's
 * own MDC keys (camel.routeId, camel.exchangeId) and the hub's, read from the exchange itself: the
 * request reference and channel (exchange properties the intake sets) and the acting principal
 * (the access gate's). Camel's MDC unit of work copies keys it did not set across threads but never
 * removes them, so a value put by hand could stay on a pooled thread; here the exchange is the one
 * source, put before each step and taken off after it and when the exchange is done.
 */
public final class ExchangeMdc implements UnitOfWorkFactory {

    /** Exchange property: the request reference the exchange works on. */
    public static final String REFERENCE = "lexhubReference";
    /** Exchange property: the channel the input came through (file, mail, jira, api, portal). */
    public static final String CHANNEL = "lexhubChannel";

    /** The MDC keys, as the JSON log layout names them. */
    static final String MDC_REFERENCE = "lexhub.reference";
    static final String MDC_CHANNEL = "lexhub.channel";
    static final String MDC_PRINCIPAL = "lexhub.principal";
    private static final String[] KEYS = {MDC_REFERENCE, MDC_CHANNEL, MDC_PRINCIPAL};

    private final CamelContext context;

    private ExchangeMdc(CamelContext context) {
        this.context = context;
    }

    /** Every exchange of the context gets a unit of work that keeps the MDC; call before the routes start. */
    public static void install(CamelContext context) {
        context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new ExchangeMdc(context));
    }

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
        Map<String, String> outer = new HashMap<>();
        for (String key : KEYS) {
            String value = MDC.get(key);
            if (value != null) outer.put(key, value);
        }
        return new Work(exchange, context, outer);
    }

    /** Camel's MDC unit of work plus the hub's keys; restores what an outer exchange on this thread had. */
    private static final class Work extends MDCUnitOfWork {

        private final CamelContext context;
        private final Map<String, String> outer;

        Work(Exchange exchange, CamelContext context, Map<String, String> outer) {
            super(exchange, context.getInflightRepository(), null, Boolean.TRUE.equals(context.isAllowUseOriginalMessage()),
                    Boolean.TRUE.equals(context.isUseBreadcrumb()));
            this.context = context;
            this.outer = outer;
        }

        @Override
        protected void prepareMDC(Exchange exchange) {
            super.prepareMDC(exchange);
            put(MDC_REFERENCE, exchange.getProperty(REFERENCE, String.class));
            put(MDC_CHANNEL, exchange.getProperty(CHANNEL, String.class));
            Object principal = exchange.getProperty(AccessGate.PRINCIPAL);
            put(MDC_PRINCIPAL, principal instanceof Principal p ? p.actor() : null);
        }

        private static void put(String key, String value) {
            if (value == null) MDC.remove(key);
            else MDC.put(key, value);
        }

        @Override
        public UnitOfWork newInstance(Exchange exchange) {
            Map<String, String> now = new HashMap<>();
            for (String key : KEYS) {
                String value = MDC.get(key);
                if (value != null) now.put(key, value);
            }
            return new Work(exchange, context, now);
        }

        @Override
        public void clear() {
            super.clear();
            for (String key : KEYS) put(key, outer.get(key));
        }
    }
}
