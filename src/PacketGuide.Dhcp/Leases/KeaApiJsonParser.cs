using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// Reads saved Kea control API responses: one response object (unix socket) or the control agent's array of them.
/// <c>lease4-get-all</c>/<c>lease6-get-all</c>/<c>lease4-get</c> yield lease events; <c>stat-lease4-get</c>/<c>stat-lease6-get</c>
/// yield per-subnet address statistics; <c>statistic-get-all</c> yields counters such as <c>pkt4-received</c>.
/// </summary>
internal sealed class KeaApiJsonParser(LogSource source)
{
    private const int MaxDocumentBytes = 256 << 20;

    public async Task ParseAsync(Stream stream, DocumentResult result, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyBoundedAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        result.Lines = bytes.Span.Count((byte)'\n') + (bytes.Length > 0 && bytes.Span[^1] != '\n' ? 1 : 0);
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            result.Summary.OnUnparsed(UnparsedReason.Binary, 1, "JSON text is not valid UTF-8"u8);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, line, Encoding.UTF8.GetBytes(ex.Message));
            return;
        }

        using (document)
        {
            var latest = new Dictionary<string, LeaseEvent>(StringComparer.Ordinal);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var response in root.EnumerateArray())
                {
                    ReadResponse(response, result, latest);
                }
            }
            else
            {
                ReadResponse(root, result, latest);
            }

            result.AddLeases(latest.Values);
        }
    }

    private static async Task CopyBoundedAsync(Stream from, MemoryStream to, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (to.Length + read > MaxDocumentBytes)
            {
                throw new InvalidDataException($"JSON input is larger than {MaxDocumentBytes >> 20} MB; Kea API responses are read whole.");
            }

            to.Write(chunk, 0, read);
        }
    }

    private void ReadResponse(JsonElement response, DocumentResult result, Dictionary<string, LeaseEvent> latest)
    {
        if (response.ValueKind != JsonValueKind.Object || !response.TryGetProperty("arguments", out var arguments)
            || arguments.ValueKind != JsonValueKind.Object)
        {
            // A response without arguments (an error, "0 leases found" with result 3) carries no data; that is not a parse error.
            if (response.ValueKind != JsonValueKind.Object || !response.TryGetProperty("result", out _))
            {
                result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, 1, Encoding.UTF8.GetBytes(Cut(response.GetRawText())));
            }

            return;
        }

        if (arguments.TryGetProperty("leases", out var leases) && leases.ValueKind == JsonValueKind.Array)
        {
            foreach (var lease in leases.EnumerateArray())
            {
                ReadLease(lease, result, latest);
            }
        }
        else if (arguments.TryGetProperty("ip-address", out _))
        {
            ReadLease(arguments, result, latest);
        }
        else if (arguments.TryGetProperty("result-set", out var set))
        {
            ReadResultSet(set, result);
        }
        else
        {
            ReadStatistics(arguments, result);
        }
    }

    private void ReadLease(JsonElement lease, DocumentResult result, Dictionary<string, LeaseEvent> latest)
    {
        var address = String(lease, "ip-address");
        var valid = Number(lease, "valid-lft");
        var cltt = Number(lease, "cltt");
        if (address is null || !IPAddress.TryParse(address, out var ip) || valid is null || cltt is null
            || cltt > 253402300799 || LeaseStates.FromKea(Number(lease, "state") ?? 0, valid.Value) is not { } kind)
        {
            result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, 1, Encoding.UTF8.GetBytes(Cut(lease.GetRawText())));
            return;
        }

        latest[address] = new LeaseEvent
        {
            Time = DateTimeOffset.FromUnixTimeSeconds(cltt.Value),
            Server = source.DefaultServer,
            Kind = kind,
            Ip = ip,
            Mac = MacAddress.TryParse(String(lease, "hw-address"), out var mac) ? mac : null,
            ClientId = String(lease, "duid") ?? String(lease, "client-id"),
            Hostname = String(lease, "hostname") is { Length: > 0 } h ? h : null,
            Subnet = Number(lease, "subnet-id")?.ToString(CultureInfo.InvariantCulture),
            LeaseSeconds = kind == DhcpMessageKind.Ack ? valid : null,
            Source = new SourceLocation(source.Path, 1),
        };
    }

    private static void ReadResultSet(JsonElement set, DocumentResult result)
    {
        if (!set.TryGetProperty("columns", out var columnsElement) || !set.TryGetProperty("rows", out var rows)
            || columnsElement.ValueKind != JsonValueKind.Array || rows.ValueKind != JsonValueKind.Array)
        {
            result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, 1, Encoding.UTF8.GetBytes(Cut(set.GetRawText())));
            return;
        }

        var columns = columnsElement.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString() : null).ToList();
        int Col(params string[] names) => names.Select(n => columns.IndexOf(n)).FirstOrDefault(i => i >= 0, -1);
        int subnet = Col("subnet-id"), total = Col("total-addresses", "total-nas"), assigned = Col("assigned-addresses", "assigned-nas");
        var declined = Col("declined-addresses", "declined-nas");
        foreach (var row in rows.EnumerateArray())
        {
            var cells = row.ValueKind == JsonValueKind.Array ? row.EnumerateArray().ToList() : [];
            long? Cell(int i) => i >= 0 && i < cells.Count && cells[i].ValueKind == JsonValueKind.Number && cells[i].TryGetInt64(out var v) ? v : null;
            if (Cell(subnet) is not { } id || Cell(total) is not { } t || Cell(assigned) is not { } a)
            {
                result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, 1, Encoding.UTF8.GetBytes(Cut(row.GetRawText())));
                continue;
            }

            result.KeaSubnets.Add(new KeaSubnetStatistics(id.ToString(CultureInfo.InvariantCulture), t, a, Cell(declined) ?? 0));
        }
    }

    private static void ReadStatistics(JsonElement arguments, DocumentResult result)
    {
        foreach (var property in arguments.EnumerateObject())
        {
            // "pkt4-received": [ [ 1099, "2026-11-26 13:04:54.108298" ], ... ] -- newest sample first.
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value[0] is { ValueKind: JsonValueKind.Array } sample
                && sample.GetArrayLength() > 0 && sample[0].ValueKind == JsonValueKind.Number && sample[0].TryGetInt64(out var number))
            {
                result.KeaStatistics[property.Name] = number;
            }
        }
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n : null;

    private static string Cut(string text) => text.Length > 200 ? text[..200] : text;
}
