package org.citybrain.datahub.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A department's database read by a change column: its query, with the last change value read as the parameter, on
 * a read-only connection, fetched 1,000 rows at a time (the cursor streams: flat memory on PostgreSQL needs autocommit
 * off, which read-only work allows). Each result row is a row of the run, its columns by label, values as text
 * (timestamps as ISO 8601). The change column's value of the last row read is where the next read starts.
 */
final class JdbcRows implements RowReader {

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final String changeColumn;
    private long number;
    private String lastMark;

    JdbcRows(Sources.DatabaseRead read, String mark) throws IOException {
        String password = read.passwordVariable() == null || read.passwordVariable().isBlank() ? "" : System.getenv(read.passwordVariable());
        try {
            connection = DriverManager.getConnection(read.url(), read.user(), password == null ? "" : password);
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            statement = connection.prepareStatement(read.query(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1_000);
            statement.setString(1, mark == null || mark.isEmpty() ? read.firstMark() : mark);
            rows = statement.executeQuery();
        } catch (SQLException e) {
            throw new IOException("无法读取部门数据库 / the department's database cannot be read: " + e.getMessage(), e);
        }
        this.changeColumn = read.changeColumn();
    }

    @Override
    public SourceRow next() throws IOException {
        try {
            if (!rows.next()) {
                return null;
            }
            ResultSetMetaData meta = rows.getMetaData();
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                fields.put(meta.getColumnLabel(c), text(rows, c, meta.getColumnType(c)));
            }
            String mark = fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(changeColumn)).map(Map.Entry::getValue).findFirst().orElse(null);
            if (mark != null) {
                lastMark = mark;
            }
            return SourceRow.read(++number, fields);
        } catch (SQLException e) {
            throw new IOException("读取部门数据库时出错 / reading the department's database failed: " + e.getMessage(), e);
        }
    }

    private static String text(ResultSet rs, int c, int type) throws SQLException {
        if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
            Timestamp t = rs.getTimestamp(c);
            return t == null ? null : t.toLocalDateTime().toString();
        }
        return rs.getString(c);
    }

    /** The change column's value in the last row read, or null when nothing was read. */
    String lastMark() {
        return lastMark;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        try {
            rows.close();
            statement.close();
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
