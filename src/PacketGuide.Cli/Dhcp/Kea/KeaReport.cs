using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using PacketGuide.Dhcp.Kea;
using Spectre.Console;

namespace PacketGuide.Cli.Dhcp.Kea;

/// <summary>
/// Human tables and JSON for <c>pguide dhcp kea</c>. Table writers return null (they wrote to the console); JSON writers
/// return the text to print. Every value from Kea is escaped before it reaches markup.
/// </summary>
internal static class KeaReport
{
    private const int MaxLeaseRows = 500;

    public static string Json(JsonElement element, string whenAbsent = "{}")
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return whenAbsent;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string? Status(IAnsiConsole console, KeaControlClient client, KeaStatus status)
    {
        var table = Table("Kea", "");
        table.AddRow(Cell("target"), Cell(client.Target));
        table.AddRow(Cell("service"), Cell(client.Service.ToWireName()));
        table.AddRow(Cell("pid"), Cell(status.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"));
        table.AddRow(Cell("uptime"), Cell(Duration(status.UptimeSeconds)));
        table.AddRow(Cell("since last reload"), Cell(Duration(status.ReloadSeconds)));
        table.AddRow(Cell("sockets"), Cell(status.SocketsStatus ?? "-"));
        table.AddRow(Cell("multi-threading"), Cell(status.MultiThreadingEnabled is { } mt ? (mt ? "enabled" : "disabled") : "-"));
        console.Write(table);
        return null;
    }

    public static string? Stats(IAnsiConsole console, IReadOnlyList<KeaSubnetLeaseStats> subnets, KeaStatistics statistics)
    {
        var table = Table("Subnet", "Total", "Assigned", "Declined", "Used");
        foreach (var s in subnets)
        {
            table.AddRow(Cell(s.SubnetId.ToString(CultureInfo.InvariantCulture)), Num(s.TotalAddresses), Num(s.AssignedAddresses),
                Num(s.DeclinedAddresses), Cell(s.Utilization.ToString("P1", CultureInfo.InvariantCulture)));
        }

        if (subnets.Count == 0)
        {
            table.Caption("Kea reports no subnets");
        }

        console.Write(table);
        var counters = Table("Server-wide statistic", "Value");
        foreach (var s in statistics.ByName.Values.Where(s => !s.Name.StartsWith("subnet[", StringComparison.Ordinal)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            counters.AddRow(Cell(s.Name), Cell(s.Count?.ToString("N0", CultureInfo.InvariantCulture) ?? s.Text ?? s.Raw));
        }

        console.Write(counters);
        return null;
    }

    public static string StatsJson(KeaControlClient client, IReadOnlyList<KeaSubnetLeaseStats> subnets, KeaStatistics statistics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("target", client.Target);
            w.WriteString("service", client.Service.ToWireName());
            w.WriteStartArray("subnets");
            foreach (var s in subnets)
            {
                w.WriteStartObject();
                w.WriteNumber("subnetId", s.SubnetId);
                Big(w, "totalAddresses", s.TotalAddresses);
                Big(w, "assignedAddresses", s.AssignedAddresses);
                Big(w, "declinedAddresses", s.DeclinedAddresses);
                Big(w, "cumulativeAssignedAddresses", s.CumulativeAssignedAddresses);
                Big(w, "totalPrefixes", s.TotalPrefixes);
                Big(w, "assignedPrefixes", s.AssignedPrefixes);
                w.WriteNumber("utilization", Math.Round(s.Utilization, 6));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("statistics");
            foreach (var s in statistics.ByName.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                w.WritePropertyName(s.Name);
                w.WriteRawValue(s.Raw);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string? Leases(IAnsiConsole console, KeaLeaseList list)
    {
        var table = Table("Address", "Subnet", "Client (MAC or DUID)", "Hostname", "State", "Expires (UTC)");
        foreach (var l in list.Leases.Take(MaxLeaseRows))
        {
            var address = l.PrefixLength is { } len && l.Type == "IA_PD" ? $"{l.Address}/{len}" : l.Address.ToString();
            table.AddRow(Cell(address), Cell(l.SubnetId.ToString(CultureInfo.InvariantCulture)), Cell(l.HwAddress ?? l.Duid ?? "-"),
                Cell(l.Hostname ?? "-"), Cell(State(l.State)), Cell(l.Expires.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
        }

        var caption = list.Leases.Count > MaxLeaseRows ? $"{list.Leases.Count - MaxLeaseRows:N0} more not shown; --json lists all. " : "";
        if (list.Malformed > 0)
        {
            caption += string.Create(CultureInfo.InvariantCulture, $"{list.Malformed} entries were not leases, e.g. {list.FirstMalformed}");
        }

        if (caption.Length > 0)
        {
            table.Caption(Markup.Escape(caption.Trim()));
        }

        console.Write(new Text(string.Create(CultureInfo.InvariantCulture, $"{list.Leases.Count:N0} leases\n")));
        if (list.Leases.Count > 0)
        {
            console.Write(table);
        }

        return null;
    }

    public static string? Config(IAnsiConsole console, KeaControlClient client, KeaConfig config)
    {
        console.Write(new Text(string.Create(CultureInfo.InvariantCulture,
            $"{client.Service.ToWireName()} configuration from {client.Target}: {config.Subnets.Count} subnets\n")));
        var table = Table("Subnet", "Prefix", "Shared network", "Pools");
        foreach (var s in config.Subnets)
        {
            table.AddRow(Cell(s.Id.ToString(CultureInfo.InvariantCulture)), Cell(s.Prefix), Cell(s.SharedNetwork ?? "-"),
                Cell(s.Pools.Count == 0 ? "-" : string.Join("\n", s.Pools)));
        }

        console.Write(table);
        return null;
    }

    private static void Big(Utf8JsonWriter w, string name, BigInteger? value)
    {
        if (value is { } v)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(v.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string State(int state) => state switch
    {
        0 => "assigned",
        1 => "declined",
        2 => "expired-reclaimed",
        _ => state.ToString(CultureInfo.InvariantCulture),
    };

    private static string Duration(long? seconds) => seconds is { } s
        ? TimeSpan.FromSeconds(s).ToString(s >= 86400 ? @"d\d\ hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture)
        : "-";

    private static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    private static Text Cell(string value) => new(value);

    private static Text Num(BigInteger value) => new(value.ToString("N0", CultureInfo.InvariantCulture));
}
