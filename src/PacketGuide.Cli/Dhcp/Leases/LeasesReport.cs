using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dhcp.Leases;
using Spectre.Console;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary>The table and JSON of <c>pguide dhcp leases</c>. Every value from inputs is escaped before it reaches the console.</summary>
internal static class LeasesReport
{
    private const int MaxRows = 1000;

    public static void Write(IAnsiConsole console, IReadOnlyList<TrackedLease> leases, DateTimeOffset at)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{leases.Count:N0} leases at {at:yyyy-MM-dd HH:mm:ss} UTC"));
        if (leases.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Address", "Client (MAC or id)", "Hostname", "Subnet", "State", "Expires (UTC)", "Server" })
        {
            table.AddColumn(column);
        }

        foreach (var l in leases.Take(MaxRows))
        {
            table.AddRow(
                new Text(Address(l)),
                new Text(l.Mac?.ToString() ?? l.ClientId ?? "-"),
                new Text(l.Hostname ?? "-"),
                new Text(l.SubnetId is { } id && l.Subnet != id.ToString(CultureInfo.InvariantCulture) ? $"{l.Subnet} ({id})" : l.Subnet),
                new Markup(l.State == TrackedLeaseState.Declined ? "[yellow]declined[/]" : "active"),
                new Text(l.Expires == DateTimeOffset.MaxValue ? "never" : l.Expires.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new Text(l.Server ?? "-"));
        }

        if (leases.Count > MaxRows)
        {
            table.Caption(string.Create(CultureInfo.InvariantCulture, $"{leases.Count - MaxRows:N0} more not shown; --json lists all, --subnet/--mac/--ip narrow."));
        }

        console.Write(table);
    }

    public static string Json(IReadOnlyList<TrackedLease> leases, DateTimeOffset at, IReadOnlyList<string> notes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.Indented))
        {
            w.WriteStartObject();
            w.WriteString("at", at);
            w.WriteNumber("count", leases.Count);
            w.WriteStartArray("leases");
            foreach (var l in leases)
            {
                w.WriteStartObject();
                w.WriteString("address", l.Address.ToString());
                if (l.PrefixLength is { } length)
                {
                    w.WriteNumber("prefixLength", length);
                }

                w.WriteString("state", l.State == TrackedLeaseState.Declined ? "declined" : "active");
                w.WriteString("mac", l.Mac?.ToString());
                w.WriteString("clientId", l.ClientId);
                w.WriteString("hostname", l.Hostname);
                w.WriteString("subnet", l.Subnet);
                if (l.SubnetId is { } id)
                {
                    w.WriteNumber("subnetId", id);
                }

                w.WriteString("pool", l.Pool);
                w.WriteString("server", l.Server);
                w.WriteString("start", l.Start);
                if (l.Expires == DateTimeOffset.MaxValue)
                {
                    w.WriteNull("expires");
                }
                else
                {
                    w.WriteString("expires", l.Expires);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            JsonOutput.WriteStringArray(w, "notes", notes);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Address(TrackedLease l) => l.PrefixLength is { } length ? $"{l.Address}/{length}" : l.Address.ToString();
}
