package io.lexhub.api;

import io.lexhub.notify.Languages;
import io.lexhub.notify.Messages;
import io.lexhub.workspace.HowItWorks;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The portal's public pages, for anyone without signing in: "How exceptions work here" (GET
 * /portal/how-it-works), in the language asked for (?lang=de) or the browser's (Accept-Language),
 * else English; docs/languages.md.
 */
public final class PublicPages {

    private final HowItWorks howItWorks;
    private final Languages languages;

    public PublicPages(HowItWorks howItWorks, Languages languages) {
        this.howItWorks = howItWorks;
        this.languages = languages;
    }

    public void howItWorks(Exchange exchange) {
        Locale locale = languages.forBrowser(exchange.getMessage().getHeader("lang", String.class),
                exchange.getMessage().getHeader("Accept-Language", String.class));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("m", languages.messages().in(locale));
        model.put("page", howItWorks.page(locale));
        model.put("languages", names());
        Pages.page(exchange, 200, Pages.render("portal-how-it-works.jte", model));
        exchange.getMessage().setHeader("Content-Language", locale.getLanguage());
        exchange.getMessage().setHeader("Vary", "Accept-Language");
    }

    /** Each language in its own words, for the switch: en English, de Deutsch. */
    private Map<String, String> names() {
        Messages messages = languages.messages();
        Map<String, String> out = new LinkedHashMap<>();
        for (String language : messages.languages()) out.put(language, messages.text(Locale.forLanguageTag(language), "language.name"));
        return out;
    }
}
