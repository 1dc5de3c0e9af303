using System.Globalization;
using System.Net;
using PacketGuide.Dns.Query;

namespace PacketGuide.Cli.Dns;

/// <summary>
/// dig's command line, as <c>pguide dns query</c> takes it: <c>NAME [TYPE...] [@SERVER[:PORT]...] [+option...]</c> in any
/// order, plus <c>-x ADDR</c>. Parsed here (System.CommandLine sees them as plain arguments) so the tokens read like dig.
/// </summary>
internal sealed record DnsQueryArguments
{
    public required IReadOnlyList<(string Name, ushort Type)> Questions { get; init; }

    /// <summary>The servers given with @; empty means the caller picks (resolv.conf).</summary>
    public required IReadOnlyList<DnsServer> Servers { get; init; }

    public required DnsQueryOptions Options { get; init; }

    public bool Short { get; init; }

    /// <summary>
    /// Reads the tokens; returns null and an error that names the token and the fix. With <paramref name="batch"/> (dig's
    /// <c>-f</c>), the questions come from its lines (<c>NAME [TYPE...]</c>, '#' comments) and the tokens give only servers,
    /// options and the default types.
    /// </summary>
    public static DnsQueryArguments? Parse(IReadOnlyList<string> tokens, string? reverse, int defaultPort, DnsQueryOptions options, out string? error,
        IReadOnlyList<string>? batch = null)
    {
        if (batch is not null)
        {
            return ParseBatch(tokens, batch, defaultPort, options, out error);
        }

        string? name = null;
        var types = new List<ushort>();
        var servers = new List<DnsServer>();
        var shortOutput = false;
        foreach (var token in tokens)
        {
            if (token.StartsWith('@'))
            {
                if (!DnsServer.TryParse(token, defaultPort, out var server, out error))
                {
                    return null;
                }

                servers.Add(server);
            }
            else if (token.StartsWith('+'))
            {
                if (!ApplyOption(token, ref options, ref shortOutput, out error))
                {
                    return null;
                }
            }
            else if (name is not null && DnsRecordTypes.TryParse(token, out var type))
            {
                types.Add(type);
            }
            else if (name is null && reverse is null)
            {
                name = token;
            }
            else if (DnsRecordTypes.TryParse(token, out type))
            {
                types.Add(type);
            }
            else
            {
                error = $"'{token}' is not a record type ({string.Join(", ", DnsRecordTypes.Names.Take(12))}, ... or TYPE65) and a name was already given.";
                return null;
            }
        }

        if (reverse is not null)
        {
            if (!IPAddress.TryParse(reverse, out var address))
            {
                error = $"-x: '{reverse}' is not an IPv4 or IPv6 address.";
                return null;
            }

            name = ReverseName.For(address);
            if (types.Count == 0)
            {
                types.Add(12);
            }
        }

        if (name is null)
        {
            error = "give a name to look up (pguide dns query www.example.com AAAA @192.0.2.53), or -x ADDRESS.";
            return null;
        }

        if (!QueryName.TryNormalize(name, out var normalized, out error))
        {
            return null;
        }

        if (types.Count == 0)
        {
            types.Add(1);
        }

        error = null;
        return new DnsQueryArguments
        {
            Questions = [.. types.Distinct().Select(t => (normalized, t))],
            Servers = servers,
            Options = options,
            Short = shortOutput,
        };
    }

    private static DnsQueryArguments? ParseBatch(IReadOnlyList<string> tokens, IReadOnlyList<string> lines, int defaultPort, DnsQueryOptions options,
        out string? error)
    {
        // The command line: servers, options and types; a name there is an error.
        if (tokens.Any(t => !t.StartsWith('@') && !t.StartsWith('+') && !DnsRecordTypes.TryParse(t, out _)))
        {
            error = "with --file, names come from the file; give only @servers, +options and types on the command line.";
            return null;
        }

        var head = Parse(["batch.invalid", .. tokens], null, defaultPort, options, out error);
        if (head is null)
        {
            return null;
        }

        var defaultTypes = tokens.Any(t => !t.StartsWith('@') && !t.StartsWith('+')) ? head.Questions.Select(q => q.Type).ToList() : [(ushort)1];
        var questions = new List<(string Name, ushort Type)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var fields = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            if (!QueryName.TryNormalize(fields[0], out var name, out var nameError))
            {
                error = $"line {i + 1}: {nameError}";
                return null;
            }

            var types = new List<ushort>();
            foreach (var field in fields.Skip(1))
            {
                if (!DnsRecordTypes.TryParse(field, out var type))
                {
                    error = $"line {i + 1}: '{field}' is not a record type.";
                    return null;
                }

                types.Add(type);
            }

            questions.AddRange((types.Count > 0 ? types : defaultTypes).Select(t => (name, t)));
        }

        if (questions.Count == 0)
        {
            error = "the file has no names (one 'NAME [TYPE...]' a line).";
            return null;
        }

        return head with { Questions = questions };
    }

    private static bool ApplyOption(string token, ref DnsQueryOptions options, ref bool shortOutput, out string? error)
    {
        error = null;
        var option = token[1..].ToLowerInvariant();
        var value = option.Contains('=', StringComparison.Ordinal) ? option[(option.IndexOf('=', StringComparison.Ordinal) + 1)..] : null;
        var key = value is null ? option : option[..option.IndexOf('=', StringComparison.Ordinal)];
        switch (key)
        {
            case "tcp" or "vc": options = options with { TcpOnly = true }; return true;
            case "notcp" or "novc": options = options with { TcpOnly = false }; return true;
            case "dnssec": options = options with { DnssecOk = true }; return true;
            case "nodnssec": options = options with { DnssecOk = false }; return true;
            case "norec" or "norecurse": options = options with { Recursion = false }; return true;
            case "rec" or "recurse": options = options with { Recursion = true }; return true;
            case "short": shortOutput = true; return true;
            case "noshort": shortOutput = false; return true;
            case "time" or "timeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 300:
                options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                return true;
            case "tries" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var tries) && tries is >= 1 and <= 20:
                options = options with { Retries = tries - 1 };
                return true;
            case "retry" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var retries) && retries is >= 0 and <= 20:
                options = options with { Retries = retries };
                return true;
            case "bufsize" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 512 and <= 65535:
                options = options with { UdpPayloadSize = size };
                return true;
            default:
                error = $"'{token}' is not an option pguide knows: +tcp +dnssec +norec +short +timeout=S +tries=N +retry=N +bufsize=B (and their +no forms).";
                return false;
        }
    }
}
