namespace PacketGuide.Dns.Providers;

public enum DnsChangeKind
{
    /// <summary>Make the RRset exactly this (create it or replace every value and the TTL).</summary>
    Replace,

    /// <summary>Remove the RRset (name and type); the values of the record set are ignored.</summary>
    Delete,
}

/// <summary>One RRset change; a provider applies a zone's changes together (atomically where the protocol allows).</summary>
public sealed record DnsChange(DnsChangeKind Kind, DnsRecordSet RecordSet);
