using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;

namespace PacketGuide.Dhcp.Kea;

/// <summary>Reads the <c>arguments</c> of Kea's answers into typed results. Tolerant of extra fields; strict on the ones it needs.</summary>
internal static class KeaResultParser
{
    public static KeaStatus Status(JsonElement arguments)
    {
        var args = arguments.ValueKind == JsonValueKind.Object ? arguments : default;
        string? sockets = null;
        if (args.ValueKind == JsonValueKind.Object && args.TryGetProperty("sockets", out var s) && s.ValueKind == JsonValueKind.Object)
        {
            sockets = String(s, "status");
        }

        bool? mt = args.ValueKind == JsonValueKind.Object && args.TryGetProperty("multi-threading-enabled", out var m)
            && m.ValueKind is JsonValueKind.True or JsonValueKind.False ? m.GetBoolean() : null;
        return new KeaStatus(Int64(args, "pid"), Int64(args, "uptime"), Int64(args, "reload"), sockets, mt,
            args.ValueKind == JsonValueKind.Object ? args.Clone() : default);
    }

    public static KeaStatistics Statistics(JsonElement arguments, string target)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new KeaProtocolException(target, $"statistic-get-all from {target} has no arguments object.");
        }

        var byName = new Dictionary<string, KeaStatistic>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            // "pkt4-received": [ [ 1099, "2026-11-26 13:04:54.108298" ], ... ]: newest sample first.
            var samples = property.Value;
            if (samples.ValueKind != JsonValueKind.Array || samples.GetArrayLength() == 0 || samples[0] is not { ValueKind: JsonValueKind.Array } sample
                || sample.GetArrayLength() == 0)
            {
                continue;
            }

            var value = sample[0];
            var timestamp = sample.GetArrayLength() > 1 && sample[1].ValueKind == JsonValueKind.String ? sample[1].GetString() : null;
            BigInteger? integer = null;
            double? number = null;
            string? text = null;
            if (value.ValueKind == JsonValueKind.Number)
            {
                integer = BigInt(value);
                number = value.TryGetDouble(out var d) ? d : null;
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                text = value.GetString();
            }

            byName[property.Name] = new KeaStatistic(property.Name, integer, integer is null ? number : null, text, timestamp, value.GetRawText());
        }

        return new KeaStatistics(byName);
    }

    /// <summary><c>result-set</c> of stat-lease4-get/stat-lease6-get; Undefined or empty arguments (result 3) give no rows.</summary>
    public static IReadOnlyList<KeaSubnetLeaseStats> LeaseStatistics(JsonElement arguments, string target)
    {
        if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty("result-set", out var set))
        {
            return [];
        }

        if (set.ValueKind != JsonValueKind.Object || !set.TryGetProperty("columns", out var columnsElement) || !set.TryGetProperty("rows", out var rows)
            || columnsElement.ValueKind != JsonValueKind.Array || rows.ValueKind != JsonValueKind.Array)
        {
            throw new KeaProtocolException(target, $"The result-set from {target} has no columns/rows arrays: {Cut(set.GetRawText())}");
        }

        var columns = columnsElement.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString() : null).ToList();
        int Col(string name) => columns.IndexOf(name);
        int FirstCol(string a, string b) => Col(a) >= 0 ? Col(a) : Col(b);
        int subnet = Col("subnet-id"), total = FirstCol("total-addresses", "total-nas"), assigned = FirstCol("assigned-addresses", "assigned-nas");
        int declined = FirstCol("declined-addresses", "declined-nas"), cumulative = FirstCol("cumulative-assigned-addresses", "cumulative-assigned-nas");
        int totalPd = Col("total-pds"), assignedPd = Col("assigned-pds");
        if (subnet < 0 || total < 0 || assigned < 0)
        {
            throw new KeaProtocolException(target,
                $"The result-set from {target} lacks subnet-id/total/assigned columns (has: {string.Join(", ", columns)}).");
        }

        var list = new List<KeaSubnetLeaseStats>();
        foreach (var row in rows.EnumerateArray())
        {
            var cells = row.ValueKind == JsonValueKind.Array ? row.EnumerateArray().ToList() : [];
            BigInteger? Cell(int i) => i >= 0 && i < cells.Count && cells[i].ValueKind == JsonValueKind.Number ? BigInt(cells[i]) : null;
            if (Cell(subnet) is not { } id || id < 0 || id > long.MaxValue || Cell(total) is not { } t || Cell(assigned) is not { } a)
            {
                throw new KeaProtocolException(target, $"A result-set row from {target} is not numeric where it must be: {Cut(row.GetRawText())}");
            }

            list.Add(new KeaSubnetLeaseStats((long)id, t, a, Cell(declined) ?? BigInteger.Zero, Cell(cumulative), Cell(totalPd), Cell(assignedPd)));
        }

        return list;
    }

    public static KeaLeaseList Leases(JsonElement arguments, string target)
    {
        if (arguments.ValueKind == JsonValueKind.Undefined)
        {
            return new KeaLeaseList([], 0, null, default);
        }

        if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty("leases", out var leases) || leases.ValueKind != JsonValueKind.Array)
        {
            throw new KeaProtocolException(target, $"The lease list from {target} has no \"leases\" array: {Cut(arguments.GetRawText())}");
        }

        var list = new List<KeaLease>(leases.GetArrayLength());
        var malformed = 0;
        string? first = null;
        foreach (var lease in leases.EnumerateArray())
        {
            if (Lease(lease) is { } parsed)
            {
                list.Add(parsed);
            }
            else
            {
                malformed++;
                first ??= Cut(lease.GetRawText());
            }
        }

        return new KeaLeaseList(list, malformed, first, arguments.Clone());
    }

    public static KeaLease? Lease(JsonElement lease)
    {
        if (lease.ValueKind != JsonValueKind.Object || String(lease, "ip-address") is not { } text || !IPAddress.TryParse(text, out var ip)
            || Int64(lease, "subnet-id") is not { } subnet)
        {
            return null;
        }

        var prefixLength = Int64(lease, "prefix-len");
        return new KeaLease
        {
            Address = ip,
            SubnetId = subnet,
            ValidLifetime = Int64(lease, "valid-lft") ?? 0,
            Cltt = Int64(lease, "cltt") ?? 0,
            State = (int)Math.Clamp(Int64(lease, "state") ?? 0, 0, int.MaxValue),
            HwAddress = String(lease, "hw-address") is { Length: > 0 } hw ? hw : null,
            ClientId = String(lease, "client-id"),
            Hostname = String(lease, "hostname") is { Length: > 0 } h ? h : null,
            FqdnForward = Bool(lease, "fqdn-fwd"),
            FqdnReverse = Bool(lease, "fqdn-rev"),
            Duid = String(lease, "duid"),
            Iaid = Int64(lease, "iaid"),
            Type = String(lease, "type"),
            PrefixLength = prefixLength is { } p && p is >= 0 and <= 128 ? (int)p : null,
            PreferredLifetime = Int64(lease, "preferred-lft"),
        };
    }

    /// <summary>Subnets of a <c>Dhcp4</c>/<c>Dhcp6</c> object, top level first, then those of each shared network.</summary>
    public static IReadOnlyList<KeaConfiguredSubnet> Subnets(JsonElement server, KeaService service)
    {
        var list = new List<KeaConfiguredSubnet>();
        if (server.ValueKind != JsonValueKind.Object)
        {
            return list;
        }

        var key = "subnet" + service.Family();
        AddSubnets(server, key, null, list);
        if (server.TryGetProperty("shared-networks", out var networks) && networks.ValueKind == JsonValueKind.Array)
        {
            foreach (var network in networks.EnumerateArray())
            {
                AddSubnets(network, key, String(network, "name"), list);
            }
        }

        return list;
    }

    private static void AddSubnets(JsonElement parent, string key, string? sharedNetwork, List<KeaConfiguredSubnet> list)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(key, out var subnets) || subnets.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var subnet in subnets.EnumerateArray())
        {
            var pools = new List<string>();
            if (subnet.ValueKind == JsonValueKind.Object && subnet.TryGetProperty("pools", out var p) && p.ValueKind == JsonValueKind.Array)
            {
                pools.AddRange(p.EnumerateArray().Select(x => String(x, "pool")).OfType<string>());
            }

            if (subnet.ValueKind == JsonValueKind.Object && subnet.TryGetProperty("pd-pools", out var pd) && pd.ValueKind == JsonValueKind.Array)
            {
                pools.AddRange(pd.EnumerateArray()
                    .Where(x => String(x, "prefix") is not null)
                    .Select(x => string.Create(CultureInfo.InvariantCulture,
                        $"{String(x, "prefix")}/{Int64(x, "prefix-len")} delegated /{Int64(x, "delegated-len")}")));
            }

            list.Add(new KeaConfiguredSubnet(Int64(subnet, "id") ?? 0, String(subnet, "subnet") ?? "", pools, sharedNetwork));
        }
    }

    private static BigInteger? BigInt(JsonElement number)
    {
        if (number.TryGetInt64(out var small))
        {
            return small;
        }

        // Larger than 64 bits (IPv6 address counts): JSON has no limit, so read the digits.
        var raw = number.GetRawText();
        return raw.Length <= 4096 && BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big) ? big : null;
    }

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Int64(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
            ? n : null;

    private static bool Bool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string Cut(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
