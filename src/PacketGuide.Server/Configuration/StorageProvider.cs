namespace PacketGuide.Server.Configuration;

/// <summary>Where <c>pguide serve</c> keeps leases, events, hosts and API keys.</summary>
public enum StorageProvider
{
    /// <summary>One file in the data directory; the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, for teams that run several replicas or outgrow one machine.</summary>
    PostgreSql,
}
