using System.Text.Json;
using PacketGuide.Dhcp.Analysis;

namespace PacketGuide.Dhcp.Output;

/// <summary>Writes <see cref="DhcpLogSummary"/> as the one JSON object documented in docs/dhcp-parse.md.</summary>
public static class DhcpLogSummaryJson
{
    public static void Write(Utf8JsonWriter w, DhcpLogSummary s)
    {
        w.WriteStartObject();
        w.WriteNumber("lines", s.Lines);
        w.WriteNumber("events", s.Events);
        w.WriteNumber("outOfRange", s.OutOfRange);
        w.WritePropertyName("byKind");
        WriteKinds(w, s.ByKind);
        w.WriteNumber("clients", s.Clients);
        w.WriteStartObject("unparsed");
        foreach (var (reason, count) in s.Unparsed)
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
        w.WriteNumber("unparsedTotal", s.UnparsedTotal);
        WriteTime(w, "firstEvent", s.FirstEvent);
        WriteTime(w, "lastEvent", s.LastEvent);
        w.WriteStartArray("files");
        foreach (var f in s.Files)
        {
            w.WriteStartObject();
            w.WriteString("path", f.Path);
            w.WriteString("format", f.Format);
            w.WriteNumber("lines", f.Lines);
            w.WriteNumber("events", f.Events);
            w.WriteNumber("unparsed", f.Unparsed);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteGroups(w, "servers", "server", s.Servers);
        WriteGroups(w, "subnets", "subnet", s.Subnets);
        WriteGroups(w, "via", "via", s.Via);
        w.WriteStartArray("topRefusedClients");
        foreach (var c in s.TopRefusedClients)
        {
            w.WriteStartObject();
            w.WriteString("client", c.Client);
            w.WriteNumber("nak", c.Naks);
            w.WriteNumber("decline", c.Declines);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("allocationFailureCount", s.AllocationFailureCount);
        w.WriteStartArray("allocationFailures");
        foreach (var a in s.AllocationFailures)
        {
            w.WriteStartObject();
            WriteTime(w, "time", a.Time);
            w.WriteString("server", a.Server);
            w.WriteString("subnet", a.Subnet);
            w.WriteString("client", a.Client);
            w.WriteString("source", a.Source.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("unparsedExamples");
        foreach (var x in s.UnparsedExamples)
        {
            w.WriteStartObject();
            w.WriteString("reason", x.Reason);
            w.WriteString("source", x.Source.ToString());
            w.WriteString("text", x.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (s.KeaSubnets.Count > 0)
        {
            w.WriteStartArray("keaSubnets");
            foreach (var k in s.KeaSubnets)
            {
                w.WriteStartObject();
                w.WriteString("subnet", k.Subnet);
                w.WriteNumber("totalAddresses", k.TotalAddresses);
                w.WriteNumber("assignedAddresses", k.AssignedAddresses);
                w.WriteNumber("declinedAddresses", k.DeclinedAddresses);
                w.WriteNumber("utilization", Math.Round(k.Utilization, 4));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (s.KeaStatistics.Count > 0)
        {
            w.WriteStartObject("keaStatistics");
            foreach (var (name, value) in s.KeaStatistics.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(name, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteKinds(Utf8JsonWriter w, KindCounts counts)
    {
        w.WriteStartObject();
        foreach (var kind in DhcpMessageKinds.All)
        {
            w.WriteNumber(kind.ToWireName(), counts[kind]);
        }

        w.WriteEndObject();
    }

    private static void WriteGroups(Utf8JsonWriter w, string name, string keyName, IReadOnlyList<GroupCounts> groups)
    {
        w.WriteStartArray(name);
        foreach (var g in groups)
        {
            w.WriteStartObject();
            w.WriteString(keyName, g.Key);
            w.WriteNumber("events", g.Events);
            w.WritePropertyName("byKind");
            WriteKinds(w, g.ByKind);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            w.WriteString(name, t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
