using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>An RRset left out of a Terraform export, and why (a type hashicorp/dns has no resource for, the apex NS, ...).</summary>
public sealed record TerraformExportSkip(DnsRecordSet Set, string Reason)
{
    public override string ToString() => $"{Set.Name} {Set.Type}: {Reason}";
}
