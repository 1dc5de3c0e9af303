using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PacketGuide.Dhcp.Output;

/// <summary>One event as a JSON line (<c>--events</c>) or a CSV row (<c>--csv</c>); both carry the same fields.</summary>
public static class LeaseEventFormats
{
    public const string CsvHeader = "time,server,kind,ip,mac,clientId,hostname,subnet,via,leaseSeconds,source";

    public static string FormatTime(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static void WriteJson(Utf8JsonWriter w, LeaseEvent e)
    {
        w.WriteStartObject();
        if (e.Id is not null)
        {
            w.WriteString("id", e.Id);
        }

        if (e.Time is { } t)
        {
            w.WriteString("time", FormatTime(t));
        }
        else
        {
            w.WriteNull("time");
        }

        w.WriteString("server", e.Server);
        w.WriteString("kind", e.Kind.ToWireName());
        w.WriteString("ip", e.Ip?.ToString());
        w.WriteString("mac", e.Mac?.ToString());
        w.WriteString("clientId", e.ClientId);
        w.WriteString("hostname", e.Hostname);
        w.WriteString("subnet", e.Subnet);
        w.WriteString("via", e.Via);
        if (e.LeaseSeconds is { } seconds)
        {
            w.WriteNumber("leaseSeconds", seconds);
        }
        else
        {
            w.WriteNull("leaseSeconds");
        }

        w.WriteString("source", e.Source.ToString());
        w.WriteEndObject();
    }

    /// <summary>
    /// An RFC 4180 row. Values that a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> first) are
    /// prefixed with a quote, since host names come from clients.
    /// </summary>
    public static void WriteCsv(StringBuilder row, LeaseEvent e)
    {
        Field(row, e.Time is { } t ? FormatTime(t) : null).Append(',');
        Field(row, e.Server).Append(',');
        Field(row, e.Kind.ToWireName()).Append(',');
        Field(row, e.Ip?.ToString()).Append(',');
        Field(row, e.Mac?.ToString()).Append(',');
        Field(row, e.ClientId).Append(',');
        Field(row, e.Hostname).Append(',');
        Field(row, e.Subnet).Append(',');
        Field(row, e.Via).Append(',');
        Field(row, e.LeaseSeconds?.ToString(CultureInfo.InvariantCulture)).Append(',');
        Field(row, e.Source.ToString());
    }

    private static StringBuilder Field(StringBuilder row, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return row;
        }

        var risky = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (!risky && value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return row.Append(value);
        }

        row.Append('"');
        if (risky)
        {
            row.Append('\'');
        }

        return row.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
