package io.lexhub.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A DataSource whose prepared queries are first run as EXPLAIN ANALYZE (PostgreSQL: with BUFFERS)
 * with the same parameters, the plans kept in order: the plans of exactly the SQL the hub's read
 * models send, without copying that SQL into the bench. Only for a plan pass, never timed.
 */
final class PlanRecorder {

    /** One query, its plan, and how long the query itself took (executeQuery, not the EXPLAIN). */
    record Plan(String sql, String plan, double ms) {}

    private final DataSource target;
    private final String explain;
    private final List<Plan> plans = new ArrayList<>();

    PlanRecorder(DataSource target, boolean postgres) {
        this.target = target;
        this.explain = postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN ANALYZE ";
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, m, args) -> {
            Object r = call(target, m, args);
            return m.getName().equals("getConnection") ? connection((Connection) r) : r;
        });
    }

    /** The plans recorded since the last call, and forgets them. */
    synchronized List<Plan> take() {
        List<Plan> out = List.copyOf(plans);
        plans.clear();
        return out;
    }

    private Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
            Object r = call(c, m, args);
            if (m.getName().equals("prepareStatement") && args != null && args.length == 1 && ((String) args[0]).strip().toUpperCase().startsWith("SELECT")) {
                return statement(c, (String) args[0], (PreparedStatement) r);
            }
            return r;
        });
    }

    private PreparedStatement statement(Connection c, String sql, PreparedStatement real) {
        List<Object[]> settings = new ArrayList<>();
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) settings.add(new Object[] {m, args});
            if (!m.getName().equals("executeQuery") || (args != null && args.length > 0)) return call(real, m, args);
            String plan = explain(c, sql, settings);
            long t0 = System.nanoTime();
            Object rs = call(real, m, args);
            synchronized (this) {
                plans.add(new Plan(sql.replaceAll("\\s+", " ").strip(), plan, (System.nanoTime() - t0) / 1e6));
            }
            return rs;
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, h);
    }

    private String explain(Connection c, String sql, List<Object[]> settings) throws Throwable {
        StringBuilder b = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(explain + sql)) {
            for (Object[] s : settings) call(ps, (Method) s[0], (Object[]) s[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (b.length() > 0) b.append('\n');
                    b.append(rs.getString(1));
                }
            }
        }
        return b.toString();
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
