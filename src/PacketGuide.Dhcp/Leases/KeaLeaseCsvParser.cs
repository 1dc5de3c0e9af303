using System.Globalization;
using System.Net;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// Reads Kea memfile lease files (<c>kea-leases4.csv</c>, <c>kea-leases6.csv</c>). The file is a journal: every
/// change appends a row, and the last row per address is the lease's current state. Columns are found by the header,
/// so files of Kea 2.2 (11 columns) and later (with <c>pool_id</c>) both work.
/// </summary>
internal sealed class KeaLeaseCsvParser(LogSource source)
{
    public async Task ParseAsync(Stream stream, DocumentResult result, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        var header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            return;
        }

        result.Lines = 1;
        var columns = header.Split(',');
        var col = (string name) => Array.IndexOf(columns, name);
        int address = col("address"), hwaddr = col("hwaddr"), clientId = col("client_id"), duid = col("duid");
        int valid = col("valid_lifetime"), expire = col("expire"), subnet = col("subnet_id"), hostname = col("hostname");
        int state = col("state"), prefixLen = col("prefix_len");
        if (address < 0 || valid < 0 || expire < 0)
        {
            result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, 1, System.Text.Encoding.UTF8.GetBytes(header));
            return;
        }

        var latest = new Dictionary<string, LeaseEvent>(StringComparer.Ordinal);
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            var lineNumber = ++result.Lines;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length < columns.Length - 1
                || !IPAddress.TryParse(fields[address], out var ip)
                || !long.TryParse(fields[valid], NumberStyles.None, CultureInfo.InvariantCulture, out var lifetime)
                || !long.TryParse(fields[expire], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                || expires > 253402300799 || lifetime > expires)
            {
                result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, lineNumber, System.Text.Encoding.UTF8.GetBytes(line));
                continue;
            }

            var stateValue = state >= 0 && long.TryParse(Field(fields, state), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                ? s : 0;
            MacAddress? mac = hwaddr >= 0 && MacAddress.TryParse(Field(fields, hwaddr), out var m) ? m : null;
            if (LeaseStates.FromKea(stateValue, lifetime) is not { } kind)
            {
                result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, lineNumber, System.Text.Encoding.UTF8.GetBytes(line));
                continue;
            }

            var cltt = lifetime > 0 ? expires - lifetime : expires;
            var key = prefixLen >= 0 && Field(fields, prefixLen) is { Length: > 0 } len && len != "128" ? $"{fields[address]}/{len}" : fields[address];
            latest[key] = new LeaseEvent
            {
                Time = DateTimeOffset.FromUnixTimeSeconds(cltt),
                Server = source.DefaultServer,
                Kind = kind,
                Ip = ip,
                Mac = mac,
                ClientId = NullIfEmpty(Field(fields, duid >= 0 ? duid : clientId)),
                Hostname = NullIfEmpty(Unescape(Field(fields, hostname))),
                Subnet = NullIfEmpty(Field(fields, subnet)),
                LeaseSeconds = kind == DhcpMessageKind.Ack ? lifetime : null,
                Source = new SourceLocation(source.Path, lineNumber),
            };
        }

        result.AddLeases(latest.Values);
    }

    private static string Field(string[] fields, int index) => index >= 0 && index < fields.Length ? fields[index] : "";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>Kea writes commas inside values as <c>&amp;#x2c</c>.</summary>
    private static string Unescape(string value) =>
        value.Contains("&#x", StringComparison.Ordinal) ? value.Replace("&#x2c", ",", StringComparison.Ordinal) : value;
}
