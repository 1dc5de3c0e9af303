using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacketGuide.Cli.Output;
using PacketGuide.Dhcp.Leases;
using Spectre.Console;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary>The table and JSON of <c>pguide dhcp pools</c>. Every value from inputs is escaped before it reaches markup.</summary>
internal static class PoolsReport
{
    private const int BarWidth = 20;

    public static void Write(IAnsiConsole console, UtilizationReport report, UtilizationThresholds thresholds, LeaseReconciliation? drift)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Subnet / pool").AddColumn(new TableColumn("Used").RightAligned()).AddColumn(new TableColumn("Total").RightAligned())
            .AddColumn(new TableColumn("%").RightAligned()).AddColumn("").AddColumn(new TableColumn("Declined").RightAligned());
        foreach (var subnet in report.Subnets)
        {
            var name = subnet.Id is { } id && subnet.Configured ? $"{subnet.Subnet} (id {id})" : subnet.Subnet;
            if (subnet.SharedNetwork is { } shared)
            {
                name += $" [{shared}]";
            }

            AddRow(table, $"[bold]{Markup.Escape(name)}[/]", subnet.Assigned, subnet.Configured ? subnet.Total : null, subnet.Ratio, subnet.Declined, thresholds);
            foreach (var pool in subnet.Pools)
            {
                AddRow(table, "  " + Markup.Escape(pool.Range), pool.Assigned, pool.Total, pool.Ratio, pool.Declined, thresholds);
            }

            if (subnet.OutsidePools > 0 && subnet.Configured)
            {
                AddRow(table, "  [grey]outside pools (reservations)[/]", subnet.OutsidePools, null, null, 0, thresholds);
            }

            foreach (var pool in subnet.PrefixPools)
            {
                AddRow(table, "  " + Markup.Escape(pool.Range) + " [grey](prefixes)[/]", pool.Assigned, pool.Total, pool.Ratio, pool.Declined, thresholds);
            }
        }

        table.Caption(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"at {report.At:yyyy-MM-dd HH:mm:ss} UTC: {report.ActiveLeases:N0} leases, {report.DeclinedAddresses:N0} declined; {thresholds}")));
        if (report.Subnets.Count == 0)
        {
            console.WriteLine("No subnets: the configuration has none and the inputs named none.");
        }
        else
        {
            console.Write(table);
        }

        if (drift is not null)
        {
            console.WriteLine(DriftLine(drift));
        }
    }

    public static string DriftLine(LeaseReconciliation drift) => string.Create(CultureInfo.InvariantCulture,
        $"Reconciled with the server's {drift.ServerLeases:N0} leases: {drift.Missing} missing, {drift.Extra} extra, {drift.Changed} changed (drift {drift.Drift}).");

    public static string Json(UtilizationReport report, UtilizationThresholds thresholds, LeaseReconciliation? drift, IReadOnlyList<string> notes, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, indented ? JsonOutput.Indented : JsonOutput.Lines))
        {
            w.WriteStartObject();
            w.WriteString("at", report.At);
            w.WriteNumber("activeLeases", report.ActiveLeases);
            w.WriteNumber("declinedAddresses", report.DeclinedAddresses);
            w.WriteNumber("warn", thresholds.Warn);
            w.WriteNumber("critical", thresholds.Critical);
            w.WriteStartArray("subnets");
            foreach (var s in report.Subnets)
            {
                w.WriteStartObject();
                w.WriteString("subnet", s.Subnet);
                if (s.Id is { } id)
                {
                    w.WriteNumber("id", id);
                }
                else
                {
                    w.WriteNull("id");
                }

                w.WriteString("sharedNetwork", s.SharedNetwork);
                w.WriteBoolean("configured", s.Configured);
                Counts(w, s.Configured ? s.Total : null, s.Assigned, s.Declined, s.Ratio, thresholds);
                w.WriteNumber("outsidePools", s.OutsidePools);
                Pools(w, "pools", s.Pools, thresholds);
                if (s.PrefixPools.Count > 0)
                {
                    w.WritePropertyName("totalPrefixes");
                    w.WriteRawValue(s.TotalPrefixes.ToString(CultureInfo.InvariantCulture));
                    w.WriteNumber("assignedPrefixes", s.AssignedPrefixes);
                    Pools(w, "prefixPools", s.PrefixPools, thresholds);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (drift is not null)
            {
                w.WriteStartObject("reconciliation");
                w.WriteString("at", drift.At);
                w.WriteNumber("serverLeases", drift.ServerLeases);
                w.WriteNumber("missing", drift.Missing);
                w.WriteNumber("extra", drift.Extra);
                w.WriteNumber("changed", drift.Changed);
                w.WriteStartArray("examples");
                foreach (var e in drift.Examples)
                {
                    w.WriteStartObject();
                    w.WriteString("address", e.Address.ToString());
                    w.WriteString("kind", e.Kind.ToString().ToLowerInvariant());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            JsonOutput.WriteStringArray(w, "notes", notes);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The worst level of any subnet or pool with a known total.</summary>
    public static UtilizationLevel Worst(UtilizationReport report, UtilizationThresholds thresholds)
    {
        var worst = UtilizationLevel.Unknown;
        foreach (var s in report.Subnets)
        {
            worst = Max(worst, thresholds.Of(s.Ratio));
            foreach (var p in s.Pools.Concat(s.PrefixPools))
            {
                worst = Max(worst, thresholds.Of(p.Ratio));
            }
        }

        return worst;

        static UtilizationLevel Max(UtilizationLevel a, UtilizationLevel b) => a > b ? a : b;
    }

    private static void Pools(Utf8JsonWriter w, string name, IReadOnlyList<PoolUtilization> pools, UtilizationThresholds thresholds)
    {
        w.WriteStartArray(name);
        foreach (var p in pools)
        {
            w.WriteStartObject();
            w.WriteString("range", p.Range);
            Counts(w, p.Total, p.Assigned, p.Declined, p.Ratio, thresholds);
            w.WriteString("location", p.Location);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Counts(Utf8JsonWriter w, UInt128? total, long assigned, long declined, double? ratio, UtilizationThresholds thresholds)
    {
        if (total is { } t)
        {
            w.WritePropertyName("total");
            w.WriteRawValue(t.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("total");
        }

        w.WriteNumber("assigned", assigned);
        w.WriteNumber("declined", declined);
        w.WriteNumber("leased", assigned - declined);
        if (ratio is { } r)
        {
            w.WriteNumber("utilization", Math.Round(r, 6));
        }
        else
        {
            w.WriteNull("utilization");
        }

        w.WriteString("level", UtilizationThresholds.Name(thresholds.Of(ratio)));
    }

    private static void AddRow(Table table, string name, long assigned, UInt128? total, double? ratio, long declined, UtilizationThresholds thresholds)
    {
        var level = thresholds.Of(ratio);
        var colour = level switch
        {
            UtilizationLevel.Critical => "red",
            UtilizationLevel.Warn => "yellow",
            UtilizationLevel.Ok => "green",
            _ => "grey",
        };
        table.AddRow(
            new Markup(name),
            new Text(assigned.ToString("N0", CultureInfo.InvariantCulture)),
            new Text(total is { } t ? Total(t) : "-"),
            new Markup(ratio is { } r ? $"[{colour}]{Percent(r)}[/]" : "-"),
            new Markup(ratio is { } b ? $"[{colour}]{Bar(b)}[/]" : ""),
            new Text(declined == 0 ? "" : declined.ToString("N0", CultureInfo.InvariantCulture)));
    }

    /// <summary>An IPv6 /64 pool holds 2^64 addresses: show such totals as powers of two.</summary>
    private static string Total(UInt128 total)
    {
        if (total < (UInt128)1_000_000_000_000)
        {
            return ((ulong)total).ToString("N0", CultureInfo.InvariantCulture);
        }

        return UInt128.IsPow2(total) ? $"2^{UInt128.Log2(total)}" : string.Create(CultureInfo.InvariantCulture, $"~2^{UInt128.Log2(total)}");
    }

    private static string Percent(double ratio) => ratio > 0 && ratio < 0.001
        ? "<0.1%"
        : (ratio * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Bar(double ratio)
    {
        var filled = (int)Math.Round(Math.Clamp(ratio, 0, 1) * BarWidth);
        return new string('█', filled) + new string('░', BarWidth - filled);
    }
}
