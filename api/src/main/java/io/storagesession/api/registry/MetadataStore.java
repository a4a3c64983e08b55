package io.storagesession.api.registry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry's tables in the embedded H2 database {@code <dataDir>/metadata.mv.db}: channels, streams and tags.
 * One JDBC connection, used by one thread at a time (the registry's writer; opening runs before it starts), so no
 * pooling is needed. Each registry change is one transaction, so a crash leaves either the old or the new state.
 */
final class MetadataStore implements AutoCloseable {
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS channels (arn VARCHAR(1024) PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE,"
                + " type VARCHAR(32) NOT NULL, status VARCHAR(32) NOT NULL, creation_ms BIGINT NOT NULL,"
                + " version VARCHAR(64) NOT NULL, message_ttl_seconds INT NOT NULL, storage_stream_arn VARCHAR(1024),"
                + " storage_enabled BOOLEAN NOT NULL)",
        "CREATE TABLE IF NOT EXISTS streams (arn VARCHAR(1024) PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE,"
                + " device_name VARCHAR(128), media_type VARCHAR(128), kms_key_id VARCHAR(2048),"
                + " version VARCHAR(64) NOT NULL, status VARCHAR(32) NOT NULL, creation_ms BIGINT NOT NULL,"
                + " data_retention_hours INT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tags (resource_arn VARCHAR(1024) NOT NULL, tag_key VARCHAR(128) NOT NULL,"
                + " tag_value VARCHAR(256) NOT NULL, PRIMARY KEY (resource_arn, tag_key))",
    };
    private static final String UPSERT_CHANNEL = "MERGE INTO channels (arn, name, type, status, creation_ms, version,"
            + " message_ttl_seconds, storage_stream_arn, storage_enabled) KEY (arn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_STREAM = "MERGE INTO streams (arn, name, device_name, media_type, kms_key_id,"
            + " version, status, creation_ms, data_retention_hours) KEY (arn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Connection connection;

    private MetadataStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating when missing) {@code <dataDir>/metadata} and its tables. Blocks. {@code WRITE_DELAY=0} writes
     * each commit at once instead of from MVStore's background writer, which otherwise wakes every second for the
     * life of the server: the registry changes a few times a day, and an idle server should cost nothing.
     */
    static MetadataStore open(Path dataDir) throws SQLException {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("metadata") + ";WRITE_DELAY=0";
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.setAutoCommit(false);
        return new MetadataStore(c);
    }

    List<Channel> loadChannels() throws SQLException {
        List<Channel> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name, arn, type, status, creation_ms, version, message_ttl_seconds, storage_stream_arn,"
                        + " storage_enabled FROM channels")) {
            while (rs.next()) {
                out.add(new Channel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getInt(7), rs.getString(8),
                        rs.getBoolean(9)));
            }
        }
        return out;
    }

    List<Stream> loadStreams() throws SQLException {
        List<Stream> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name, arn, device_name, media_type, kms_key_id, version, status, creation_ms,"
                        + " data_retention_hours FROM streams")) {
            while (rs.next()) {
                out.add(new Stream(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)),
                        rs.getInt(9)));
            }
        }
        return out;
    }

    /** Every resource's tags, by resource ARN. */
    Map<String, Map<String, String>> loadTags() throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT resource_arn, tag_key, tag_value FROM tags")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    /** Stores (inserts or replaces) channels and, when {@code tags} is not null, replaces the first one's tags. */
    void putChannels(List<Channel> channels, Map<String, String> tags) throws SQLException {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(UPSERT_CHANNEL)) {
                for (Channel ch : channels) {
                    ps.setString(1, ch.arn());
                    ps.setString(2, ch.name());
                    ps.setString(3, ch.type());
                    ps.setString(4, ch.status());
                    ps.setLong(5, ch.creationTime().toEpochMilli());
                    ps.setString(6, ch.version());
                    ps.setInt(7, ch.messageTtlSeconds());
                    setNullable(ps, 8, ch.storageStreamArn());
                    ps.setBoolean(9, ch.storageEnabled());
                    ps.executeUpdate();
                }
            }
            if (tags != null) {
                writeTags(channels.get(0).arn(), tags);
            }
        });
    }

    /** Stores (inserts or replaces) a stream and, when {@code tags} is not null, replaces its tags. */
    void putStream(Stream st, Map<String, String> tags) throws SQLException {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(UPSERT_STREAM)) {
                ps.setString(1, st.arn());
                ps.setString(2, st.name());
                setNullable(ps, 3, st.deviceName());
                setNullable(ps, 4, st.mediaType());
                setNullable(ps, 5, st.kmsKeyId());
                ps.setString(6, st.version());
                ps.setString(7, st.status());
                ps.setLong(8, st.creationTime().toEpochMilli());
                ps.setInt(9, st.dataRetentionInHours());
                ps.executeUpdate();
            }
            if (tags != null) {
                writeTags(st.arn(), tags);
            }
        });
    }

    void replaceTags(String resourceArn, Map<String, String> tags) throws SQLException {
        inTransaction(() -> writeTags(resourceArn, tags));
    }

    /** Deletes a channel or stream (by ARN, from whichever table holds it) and its tags. */
    void delete(String resourceArn) throws SQLException {
        inTransaction(() -> {
            for (String sql : List.of("DELETE FROM channels WHERE arn = ?", "DELETE FROM streams WHERE arn = ?",
                    "DELETE FROM tags WHERE resource_arn = ?")) {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, resourceArn);
                    ps.executeUpdate();
                }
            }
        });
    }

    private void writeTags(String resourceArn, Map<String, String> tags) throws SQLException {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM tags WHERE resource_arn = ?")) {
            del.setString(1, resourceArn);
            del.executeUpdate();
        }
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                ins.setString(1, resourceArn);
                ins.setString(2, tag.getKey());
                ins.setString(3, tag.getValue());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private void inTransaction(SqlWork work) throws SQLException {
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }
}
