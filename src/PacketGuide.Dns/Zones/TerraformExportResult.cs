namespace PacketGuide.Dns.Zones;

/// <summary>
/// What <see cref="TerraformExport.ToTfvars"/> wrote: the <c>.tfvars</c> text for deploy/terraform/modules/dns-zone, and
/// every RRset it could not express there, each with the reason (never silently dropped).
/// </summary>
public sealed record TerraformExportResult(string Text, IReadOnlyList<TerraformExportSkip> Skipped);
