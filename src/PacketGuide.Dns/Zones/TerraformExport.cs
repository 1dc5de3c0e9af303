using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// Writes a zone's RRsets as a <c>.tfvars</c> file for the Terraform module deploy/terraform/modules/dns-zone
/// (hashicorp/dns, RFC 2136 + TSIG): <c>zone</c>, <c>default_ttl</c> and <c>records</c> = [{name, type, ttl, values}],
/// which is what <c>pguide dns export ZONE --format terraform</c> prints.
/// </summary>
/// <remarks>
/// <para>Names become relative (<c>@</c> for the apex); a TTL equal to the default is left out; values keep zone-file form
/// (MX <c>10 mail.example.com.</c>, SRV <c>10 5 5060 sip.example.com.</c>), except TXT: the module takes the text itself,
/// so each TXT record's character-strings are unquoted, unescaped (<c>\"</c>, <c>\\</c>, <c>\DDD</c>) and joined into one
/// value. Their boundaries are not kept; the text is.</para>
/// <para>HCL strings are escaped completely: quotes, backslashes, control characters, and the template introducers
/// <c>${</c> and <c>%{</c> (written <c>$${</c> and <c>%%{</c>), so record content can never become an expression.</para>
/// <para>Skipped, with a reason: types hashicorp/dns has no resource for (SOA, CAA, DS, TLSA, ...; DNSSEC records are
/// the signer's), the apex NS RRset, CNAME/SRV at the apex, a PTR or CNAME with several values, MX/SRV values that do not
/// parse, TXT text that is not UTF-8, names outside the zone.</para>
/// </remarks>
public static class TerraformExport
{
    /// <summary>The record types the module manages, each through one hashicorp/dns resource.</summary>
    public static FrozenDictionary<string, string> ResourceByType { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = "dns_a_record_set",
        ["AAAA"] = "dns_aaaa_record_set",
        ["CNAME"] = "dns_cname_record",
        ["MX"] = "dns_mx_record_set",
        ["NS"] = "dns_ns_record_set",
        ["PTR"] = "dns_ptr_record",
        ["SRV"] = "dns_srv_record_set",
        ["TXT"] = "dns_txt_record_set",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> s_signerTypes =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "CDS", "CDNSKEY", "TYPE65534");

    /// <summary>
    /// The <c>.tfvars</c> text for <paramref name="zone"/> (with or without the trailing dot) with <paramref name="sets"/>
    /// (names absolute with the trailing dot, values in zone-file presentation), and the RRsets it had to leave out.
    /// Output is sorted (apex first, then by name, type and value) so that two exports of one zone diff cleanly.
    /// </summary>
    public static TerraformExportResult ToTfvars(string zone, int defaultTtl, IReadOnlyList<DnsRecordSet> sets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentOutOfRangeException.ThrowIfNegative(defaultTtl);

        var bare = zone.Trim().TrimEnd('.');
        var records = new List<(string Name, string Type, int Ttl, List<string> Values)>();
        var skipped = new List<TerraformExportSkip>();
        foreach (var set in sets)
        {
            ArgumentNullException.ThrowIfNull(set);
            if (TryRecord(bare, set, out var record, out var reason))
            {
                records.Add(record);
            }
            else
            {
                skipped.Add(new TerraformExportSkip(set, reason));
            }
        }

        records.Sort((a, b) =>
        {
            var byApex = (a.Name != "@").CompareTo(b.Name != "@");
            if (byApex != 0)
            {
                return byApex;
            }

            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Type, b.Type);
        });

        var text = new StringBuilder();
        text.Append("# ").Append(Comment(bare)).Append(": RRsets for deploy/terraform/modules/dns-zone (hashicorp/dns, RFC 2136 + TSIG),\n");
        text.Append("# written by PacketGuide's Terraform export. TXT values are the text of each record, without zone-file quotes.\n");
        if (skipped.Count > 0)
        {
            text.Append("# Not exported (").Append(skipped.Count.ToString(CultureInfo.InvariantCulture)).Append("; manage them on the server or with pguide):\n");
            foreach (var skip in skipped)
            {
                text.Append("#   ").Append(Comment(skip.Set.Name)).Append(' ').Append(Comment(skip.Set.Type)).Append(": ").Append(Comment(skip.Reason)).Append('\n');
            }
        }

        text.Append('\n');
        text.Append("zone        = ").Append(Quote(bare)).Append('\n');
        text.Append("default_ttl = ").Append(defaultTtl.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (records.Count == 0)
        {
            text.Append("records     = []\n");
        }
        else
        {
            text.Append("records = [\n");
            foreach (var (name, type, ttl, values) in records)
            {
                text.Append("  { name = ").Append(Quote(name)).Append(", type = ").Append(Quote(type));
                if (ttl != defaultTtl)
                {
                    text.Append(", ttl = ").Append(ttl.ToString(CultureInfo.InvariantCulture));
                }

                text.Append(", values = [").AppendJoin(", ", values.Select(Quote)).Append("] },\n");
            }

            text.Append("]\n");
        }

        return new TerraformExportResult(text.ToString(), skipped);
    }

    private static bool TryRecord(string zone, DnsRecordSet set, out (string, string, int, List<string>) record, out string reason)
    {
        record = default;
        var type = set.Type.ToUpperInvariant();
        if (!TryRelative(zone, set.Name, out var name))
        {
            reason = $"the name is not inside {zone}";
            return false;
        }

        if (!ResourceByType.TryGetValue(type, out var resource))
        {
            reason = type == "SOA" ? "the server keeps the SOA; hashicorp/dns cannot manage it"
                : s_signerTypes.Contains(type) ? "DNSSEC records belong to the signer, not to a record list"
                : $"hashicorp/dns has no resource for {type} records";
            return false;
        }

        if (set.Values.Count == 0)
        {
            reason = "the RRset has no values";
            return false;
        }

        if (name == "@" && type is "NS" or "CNAME" or "SRV")
        {
            reason = type == "NS"
                ? $"the apex NS RRset belongs to the zone's server configuration ({resource} needs a name below the apex)"
                : $"{resource} needs a name below the apex";
            return false;
        }

        if (type is "CNAME" or "PTR" && set.Values.Count > 1)
        {
            reason = $"{resource} holds one target, the RRset has {set.Values.Count}";
            return false;
        }

        var values = new List<string>(set.Values.Count);
        foreach (var value in set.Values)
        {
            if (!TryValue(type, value.Trim(), out var converted, out reason))
            {
                return false;
            }

            values.Add(converted);
        }

        values.Sort(StringComparer.Ordinal);
        record = (name, type, set.Ttl, values.Distinct(StringComparer.Ordinal).ToList());
        reason = "";
        return true;
    }

    private static bool TryRelative(string zone, string owner, out string name)
    {
        var absolute = owner.Trim().TrimEnd('.');
        if (absolute.Equals(zone, StringComparison.OrdinalIgnoreCase))
        {
            name = "@";
            return true;
        }

        var suffix = "." + zone;
        if (absolute.Length > suffix.Length && absolute.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            name = absolute[..^suffix.Length];
            return true;
        }

        name = "";
        return false;
    }

    private static bool TryValue(string type, string value, out string converted, out string reason)
    {
        converted = value;
        reason = "";
        switch (type)
        {
            case "CNAME" or "NS" or "PTR":
                converted = Absolute(value);
                return value.Length > 0 && !value.Contains(' ', StringComparison.Ordinal) || Fail($"'{value}' is not a host name", out reason);
            case "MX":
            {
                var fields = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 2 || !ushort.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var preference))
                {
                    return Fail($"MX value '{value}' is not 'PREFERENCE HOST'", out reason);
                }

                converted = string.Create(CultureInfo.InvariantCulture, $"{preference} {Absolute(fields[1])}");
                return true;
            }
            case "SRV":
            {
                var fields = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 4 || !fields.Take(3).All(f => ushort.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                {
                    return Fail($"SRV value '{value}' is not 'PRIORITY WEIGHT PORT TARGET'", out reason);
                }

                converted = $"{ushort.Parse(fields[0], CultureInfo.InvariantCulture)} {ushort.Parse(fields[1], CultureInfo.InvariantCulture)} " +
                    $"{ushort.Parse(fields[2], CultureInfo.InvariantCulture)} {Absolute(fields[3])}";
                return true;
            }
            case "TXT":
                return TryTxtText(value, out converted, out reason);
            default:
                return true;
        }
    }

    private static bool Fail(string message, out string reason)
    {
        reason = message;
        return false;
    }

    private static string Absolute(string host) => host == "." ? host : host.TrimEnd('.') + ".";

    /// <summary>
    /// The text of one TXT record in zone-file presentation: one or more character-strings, quoted (<c>"a b"</c>) or not
    /// (<c>ab</c>), with <c>\X</c> and <c>\DDD</c> escapes; the strings' octets are joined and must be UTF-8.
    /// </summary>
    internal static bool TryTxtText(string presentation, out string text, out string reason)
    {
        text = "";
        var octets = new List<byte>(presentation.Length);
        var utf8 = Encoding.UTF8.GetBytes(presentation);
        var i = 0;
        while (i < utf8.Length)
        {
            if (utf8[i] is (byte)' ' or (byte)'\t')
            {
                i++;
                continue;
            }

            var quoted = utf8[i] == (byte)'"';
            if (quoted)
            {
                i++;
            }

            var closed = !quoted;
            while (i < utf8.Length)
            {
                var b = utf8[i];
                if (quoted && b == (byte)'"')
                {
                    i++;
                    closed = true;
                    break;
                }

                if (!quoted && b is (byte)' ' or (byte)'\t')
                {
                    break;
                }

                if (!quoted && b == (byte)'"')
                {
                    return Fail($"TXT value {Shorten(presentation)} has a quote inside an unquoted string", out reason);
                }

                if (b == (byte)'\\')
                {
                    if (i + 1 >= utf8.Length)
                    {
                        return Fail($"TXT value {Shorten(presentation)} ends in a lone backslash", out reason);
                    }

                    if (IsDigit(utf8[i + 1]))
                    {
                        if (i + 3 >= utf8.Length || !IsDigit(utf8[i + 2]) || !IsDigit(utf8[i + 3]))
                        {
                            return Fail($"TXT value {Shorten(presentation)} has a \\DDD escape without three digits", out reason);
                        }

                        var code = ((utf8[i + 1] - '0') * 100) + ((utf8[i + 2] - '0') * 10) + (utf8[i + 3] - '0');
                        if (code > 255)
                        {
                            return Fail($"TXT value {Shorten(presentation)} has \\{code}, over 255", out reason);
                        }

                        octets.Add((byte)code);
                        i += 4;
                        continue;
                    }

                    octets.Add(utf8[i + 1]);
                    i += 2;
                    continue;
                }

                octets.Add(b);
                i++;
            }

            if (!closed)
            {
                return Fail($"TXT value {Shorten(presentation)} has an unclosed quote", out reason);
            }
        }

        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(octets.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return Fail("the TXT text is not UTF-8, and Terraform strings are Unicode text", out reason);
        }

        reason = "";
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    /// <summary>An HCL quoted string whose value is exactly <paramref name="value"/>: never a template.</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case '\n':
                    quoted.Append("\\n");
                    break;
                case '\r':
                    quoted.Append("\\r");
                    break;
                case '\t':
                    quoted.Append("\\t");
                    break;
                case '$' or '%' when i + 1 < value.Length && value[i + 1] == '{':
                    quoted.Append(c).Append(c);
                    break;
                default:
                    if (char.IsSurrogatePair(value, i))
                    {
                        quoted.Append(c).Append(value[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(c) || NeedsEscape(c))
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>Text safe inside a one-line <c>#</c> comment: printable ASCII only.</summary>
    private static string Comment(string value) =>
        string.Concat(value.Select(c => c is >= ' ' and <= '~' ? c : '?'));
}
