using System.Globalization;
using System.Net;
using System.Text;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// Reads ISC dhcpd's <c>dhcpd.leases</c>: a journal of <c>lease ADDRESS { ... }</c> blocks where the last block per
/// address wins. Times are UTC (<c>starts 4 2026/11/26 12:56:11;</c>) or <c>epoch N;</c>. Other blocks (failover, hosts,
/// DHCPv6 <c>ia-na</c>) are skipped whole.
/// </summary>
internal sealed class DhcpdLeasesParser(LogSource source)
{
    public async Task ParseAsync(Stream stream, DocumentResult result, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        var latest = new Dictionary<string, LeaseEvent>(StringComparer.Ordinal);
        Block? block = null;
        var skipDepth = 0;
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            var lineNumber = ++result.Lines;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            if (skipDepth > 0)
            {
                skipDepth += Count(text, '{') - Count(text, '}');
                continue;
            }

            if (block is null)
            {
                if (text.StartsWith("lease ", StringComparison.Ordinal) && text.EndsWith('{'))
                {
                    var address = text[6..^1].Trim();
                    if (!IPAddress.TryParse(address, out var ip))
                    {
                        result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, lineNumber, Encoding.UTF8.GetBytes(line));
                        skipDepth = 1;
                        continue;
                    }

                    block = new Block(address, ip, lineNumber);
                }
                else if (text.EndsWith('{'))
                {
                    skipDepth = 1;
                }

                continue;
            }

            if (text == "}")
            {
                Finish(block, latest, result);
                block = null;
                continue;
            }

            if (!block.Read(text))
            {
                block.Malformed = true;
            }
        }

        if (block is not null)
        {
            // A truncated file: the last block never closed.
            result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, block.Line, Encoding.UTF8.GetBytes($"lease {block.Address} {{ (not closed)"));
        }

        result.AddLeases(latest.Values);
    }

    private void Finish(Block block, Dictionary<string, LeaseEvent> latest, DocumentResult result)
    {
        if (block.Malformed || block.State is null || LeaseStates.FromDhcpd(block.State) is not { } kind)
        {
            if (block.Malformed || block.State is null)
            {
                result.Summary.OnUnparsed(UnparsedReason.MalformedRecord, block.Line, Encoding.UTF8.GetBytes($"lease {block.Address} {{ ... }}"));
            }

            return;
        }

        // A release ends the lease (ends = release time); an abandoned lease's "ends" is the end of its quarantine.
        var time = kind == DhcpMessageKind.Release ? block.Ends ?? block.Cltt : block.Cltt ?? block.Starts;
        latest[block.Address] = new LeaseEvent
        {
            Time = time,
            Server = source.DefaultServer,
            Kind = kind,
            Ip = block.Ip,
            Mac = block.Mac,
            ClientId = block.Uid,
            Hostname = block.Hostname,
            LeaseSeconds = kind == DhcpMessageKind.Ack && block.Starts is { } s && block.Ends is { } e ? (long)(e - s).TotalSeconds : null,
            Source = new SourceLocation(source.Path, block.Line),
        };
    }

    private static int Count(string text, char c) => text.AsSpan().Count(c);

    private sealed class Block(string address, IPAddress ip, long line)
    {
        public string Address { get; } = address;

        public IPAddress Ip { get; } = ip;

        public long Line { get; } = line;

        public bool Malformed { get; set; }

        public DateTimeOffset? Starts { get; private set; }

        public DateTimeOffset? Ends { get; private set; }

        public DateTimeOffset? Cltt { get; private set; }

        public string? State { get; private set; }

        public MacAddress? Mac { get; private set; }

        public string? Uid { get; private set; }

        public string? Hostname { get; private set; }

        public bool Read(string statement)
        {
            if (!statement.EndsWith(';'))
            {
                return statement.EndsWith('{') || statement == "}";
            }

            var s = statement[..^1];
            if (s.StartsWith("starts ", StringComparison.Ordinal))
            {
                Starts = TryTime(s[7..], out var t) ? t : null;
                return Starts is not null;
            }

            if (s.StartsWith("ends ", StringComparison.Ordinal))
            {
                Ends = TryTime(s[5..], out var t) ? t : null;
                return Ends is not null || s[5..] == "never";
            }

            if (s.StartsWith("cltt ", StringComparison.Ordinal))
            {
                Cltt = TryTime(s[5..], out var t) ? t : null;
                return Cltt is not null;
            }

            if (s.StartsWith("binding state ", StringComparison.Ordinal))
            {
                State = s[14..];
                return true;
            }

            if (s.StartsWith("hardware ethernet ", StringComparison.Ordinal))
            {
                if (!MacAddress.TryParse(s[18..], out var mac))
                {
                    return false;
                }

                Mac = mac;
                return true;
            }

            if (s.StartsWith("uid ", StringComparison.Ordinal))
            {
                Uid = UidToHex(s[4..]);
                return Uid is not null;
            }

            if (s.StartsWith("client-hostname ", StringComparison.Ordinal))
            {
                Hostname = Unquote(s[16..]);
                return Hostname is not null;
            }

            return true;
        }

        /// <summary><c>4 2026/11/26 12:56:11</c> (UTC) or <c>epoch 1795701318</c>.</summary>
        private static bool TryTime(string value, out DateTimeOffset time)
        {
            time = default;
            if (value.StartsWith("epoch ", StringComparison.Ordinal))
            {
                var digits = value[6..].Split(' ')[0];
                if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
                {
                    return false;
                }

                time = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return true;
            }

            var space = value.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 && DateTimeOffset.TryParseExact(value[(space + 1)..], "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out time);
        }

        private static string? Unquote(string value) =>
            value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : null;

        /// <summary>dhcpd writes uids as a C-escaped string (<c>"\001\000\014..."</c>) or as hex octets.</summary>
        private static string? UidToHex(string value)
        {
            if (Unquote(value) is not { } quoted)
            {
                return value;
            }

            var bytes = new List<byte>();
            for (var i = 0; i < quoted.Length; i++)
            {
                var c = quoted[i];
                if (c == '\\' && quoted.Length - i > 3 && IsOctal(quoted[i + 1]) && IsOctal(quoted[i + 2]) && IsOctal(quoted[i + 3]))
                {
                    bytes.Add((byte)(((quoted[i + 1] - '0') << 6) | ((quoted[i + 2] - '0') << 3) | (quoted[i + 3] - '0')));
                    i += 3;
                }
                else if (c == '\\' && i + 1 < quoted.Length)
                {
                    bytes.Add((byte)quoted[++i]);
                }
                else if (c < 128)
                {
                    bytes.Add((byte)c);
                }
                else
                {
                    return null;
                }
            }

            return string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        private static bool IsOctal(char c) => c is >= '0' and <= '7';
    }
}
