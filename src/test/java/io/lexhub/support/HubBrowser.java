package io.lexhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser at the HTTP level: keeps the hub's cookies, follows no redirect by itself, posts forms
 * from the hub's own origin. {@link #signIn} signs a person in the way the first administrator
 * does, with a link printed by {@code lexhub sign-in-link}.
 */
public class HubBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** The hub's cookies this browser holds, by name. */
    public final Map<String, String> cookies = new LinkedHashMap<>();
    private final int port;

    public HubBrowser(int port) {
        this.port = port;
    }

    /** A browser in which this person is signed in (a sign-in link from the console, opened and its button pressed). */
    public static HubBrowser signIn(int port, String personId) throws Exception {
        HubBrowser b = new HubBrowser(port);
        Cli.Run run = Cli.run("sign-in-link", personId);
        assertThat(run.exit()).as(run.out()).isZero();
        String link = run.out().lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        String path = URI.create(link).getPath();
        assertThat(b.get(path).statusCode()).isEqualTo(200);
        assertThat(b.post(path, "confirm=sign-in").statusCode()).isEqualTo(303);
        assertThat(b.cookies).containsKey("lexhub_session");
        return b;
    }

    public HttpResponse<String> send(String method, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + port + path))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
            b.header("Origin", "http://127.0.0.1:" + port);
        }
        if (!cookies.isEmpty()) b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            if (set.contains("Max-Age=0")) cookies.remove(name);
            else cookies.put(name, pair.substring(pair.indexOf('=') + 1));
        }
        return r;
    }

    /** A GET whose answer is kept as bytes (a downloaded file), with this browser's cookies. */
    public HttpResponse<byte[]> download(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + port + path)).GET();
        if (!cookies.isEmpty()) b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    public HttpResponse<String> post(String path, String form) throws Exception {
        return send("POST", path, form);
    }

    /** The CSRF token of the session's forms, from the home page. */
    public String csrf() throws Exception {
        Matcher m = CSRF.matcher(get("/").body());
        if (!m.find()) throw new AssertionError("no CSRF token on the home page");
        return m.group(1);
    }

    /** A form body: name, value, name, value... URL-encoded. */
    public static String form(String... pairs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (s.length() > 0) s.append('&');
            s.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return s.toString();
    }
}
