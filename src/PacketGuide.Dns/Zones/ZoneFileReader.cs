using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>An RFC 1035 zone file (as BIND and PowerDNS's zone2sql read them) as RRsets, by ARSoft.Tools.Net's parser.</summary>
public static class ZoneFileReader
{
    /// <exception cref="FormatException">The file is not a zone file ARSoft can read; the message names the file.</exception>
    public static async Task<IReadOnlyList<DnsRecordSet>> ReadAsync(string path, string zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            var records = Zone.ParseMasterFile(DomainName.Parse(zone), new MemoryStream(bytes));
            return ArsoftRecordSets.Group(records);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new FormatException($"{path}: not a zone file of {zone} that can be read ({ex.Message}).", ex);
        }
    }
}
