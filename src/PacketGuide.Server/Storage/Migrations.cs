namespace PacketGuide.Server.Storage;

/// <summary>
/// PacketGuide's schema, in order. A version, once released, never changes: a change is a new version. Times are Unix
/// milliseconds (UTC) in BIGINT columns on both databases; addresses sort by <c>address_key</c>, the 16-byte big-endian
/// form (IPv4 mapped into IPv6), so paging walks addresses in numeric order.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "leases, events, inventory hosts, API keys",
        [
            """
            CREATE TABLE leases (
                address_key {bytes} PRIMARY KEY,
                address TEXT NOT NULL,
                prefix_length INTEGER,
                state TEXT NOT NULL,
                mac TEXT,
                client_id TEXT,
                hostname TEXT,
                server TEXT,
                subnet TEXT NOT NULL,
                subnet_id BIGINT,
                pool TEXT,
                starts BIGINT NOT NULL,
                expires BIGINT NOT NULL)
            """,
            "CREATE INDEX leases_subnet ON leases (subnet, address_key)",
            "CREATE INDEX leases_mac ON leases (mac)",
            "CREATE INDEX leases_hostname ON leases (hostname)",
            "CREATE INDEX leases_expires ON leases (expires)",
            """
            CREATE TABLE events (
                seq {id},
                event_id TEXT,
                time BIGINT NOT NULL,
                server TEXT NOT NULL,
                kind TEXT NOT NULL,
                address TEXT,
                mac TEXT,
                client_id TEXT,
                hostname TEXT,
                subnet TEXT,
                via TEXT,
                lease_seconds BIGINT,
                source TEXT)
            """,
            "CREATE UNIQUE INDEX events_event_id ON events (event_id)",
            "CREATE INDEX events_time ON events (time)",
            "CREATE INDEX events_mac ON events (mac, seq)",
            "CREATE INDEX events_subnet ON events (subnet, seq)",
            "CREATE INDEX events_kind ON events (kind, seq)",
            """
            CREATE TABLE hosts (
                id {id},
                name TEXT NOT NULL,
                mac TEXT,
                address TEXT,
                owner TEXT,
                notes TEXT,
                created BIGINT NOT NULL,
                updated BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX hosts_name ON hosts (name)",
            "CREATE INDEX hosts_mac ON hosts (mac)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                scope TEXT NOT NULL,
                secret_hash {bytes} NOT NULL,
                created BIGINT NOT NULL,
                revoked BIGINT)
            """,
        ]),
        new(2, "DNS validation runs, audit log",
        [
            """
            CREATE TABLE validation_runs (
                id {id},
                trigger TEXT NOT NULL,
                requested_by TEXT,
                zones TEXT,
                state TEXT NOT NULL,
                requested BIGINT NOT NULL,
                finished BIGINT,
                worst TEXT,
                error TEXT,
                summary TEXT,
                report TEXT)
            """,
            "CREATE INDEX validation_runs_requested ON validation_runs (requested)",
            """
            CREATE TABLE audit (
                seq {id},
                time BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT)
            """,
            "CREATE INDEX audit_time ON audit (time)",
        ]),
        new(3, "notification outbox",
        [
            """
            CREATE TABLE notifications (
                id {id},
                channel TEXT NOT NULL,
                dedup_key TEXT NOT NULL,
                reason TEXT NOT NULL,
                body TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                created BIGINT NOT NULL,
                next_attempt BIGINT NOT NULL,
                expires BIGINT NOT NULL,
                delivered BIGINT,
                last_error TEXT)
            """,
            "CREATE INDEX notifications_due ON notifications (state, next_attempt)",
            "CREATE INDEX notifications_created ON notifications (created)",
        ]),
        new(4, "alert silences",
        [
            """
            CREATE TABLE silences (
                id TEXT PRIMARY KEY,
                matchers TEXT NOT NULL,
                starts BIGINT NOT NULL,
                ends BIGINT NOT NULL,
                author TEXT NOT NULL,
                comment TEXT NOT NULL,
                created BIGINT NOT NULL)
            """,
            "CREATE INDEX silences_ends ON silences (ends)",
        ]),
        new(5, "outbox ordering index",
        [
            // The dispatcher's "an earlier notification of the same channel and key is still pending" check, per row.
            "CREATE INDEX notifications_key ON notifications (channel, dedup_key, state, id)",
        ]),
        new(6, "alert state across restarts",
        [
            """
            CREATE TABLE alert_state (
                name TEXT PRIMARY KEY,
                body TEXT NOT NULL,
                updated BIGINT NOT NULL)
            """,
        ]),
    ];
}
