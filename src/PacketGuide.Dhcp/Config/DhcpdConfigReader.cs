using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// Reads subnets and pools from ISC dhcpd's <c>dhcpd.conf</c> (DHCPv4 or DHCPv6). Statements are read generically
/// (words up to <c>;</c>, or up to <c>{</c> and a nested block) and only the ones that define address space are
/// interpreted: <c>subnet</c>, <c>subnet6</c>, <c>shared-network</c>, <c>pool</c>/<c>pool6</c>, <c>group</c>,
/// <c>range</c>, <c>range6</c>, <c>prefix6</c>, <c>include</c>. Everything else (options, hosts, classes, failover,
/// conditionals) is skipped with its block.
/// </summary>
internal sealed class DhcpdConfigReader
{
    private const int MaxNesting = 64;
    private const int MaxStatementTokens = 100_000;

    private readonly ConfigBuilder _builder;
    private readonly ConfigText _files;
    private readonly List<SubnetDraft> _subnets = [];
    private long? _leaseLifetime;

    private DhcpdConfigReader(string path, CancellationToken cancellationToken)
    {
        _builder = new ConfigBuilder(path, DhcpServerSoftware.Dhcpd);
        _files = new ConfigText(cancellationToken);
    }

    private enum Scope
    {
        Top,
        SharedNetwork,
        Subnet,
        Pool,
        Ignored,
    }

    public static DhcpServerConfig LoadFile(string path, CancellationToken cancellationToken)
    {
        var reader = new DhcpdConfigReader(path, cancellationToken);
        reader.ReadFile(path, null, new Context(Scope.Top, null, null), 0);
        return reader.Finish();
    }

    private DhcpServerConfig Finish()
    {
        foreach (var file in _files.Files)
        {
            _builder.AddFile(file);
        }

        foreach (var draft in _subnets)
        {
            _builder.AddSubnet(null, draft.Prefix, draft.SharedNetwork?.Name, draft.Pools, draft.PrefixPools, draft.Location,
                draft.LeaseLifetime ?? draft.SharedNetwork?.LeaseLifetime ?? _leaseLifetime);
        }

        return _builder.Build();
    }

    private void ReadFile(string path, ConfigLocation? includedFrom, Context context, int depth)
    {
        var text = _files.Enter(path, includedFrom, _builder.Warn);
        var lexer = new DhcpdConfigLexer(path, text);
        ReadBlock(lexer, context, null, depth);
        _files.Leave();
    }

    /// <summary>Reads statements until the end of the file (<paramref name="opened"/> null) or the '}' that closes the block.</summary>
    private void ReadBlock(DhcpdConfigLexer lexer, Context context, DhcpdToken? opened, int depth)
    {
        var head = new List<DhcpdToken>();
        var tokens = 0;
        while (true)
        {
            if ((++tokens & 0xFFF) == 0)
            {
                _files.CancellationToken.ThrowIfCancellationRequested();
            }

            var token = lexer.Next();
            switch (token.Kind)
            {
                case DhcpdTokenKind.End:
                    if (head.Count > 0)
                    {
                        throw new DhcpConfigException(lexer.At(head[0]), $"statement '{Describe(head)}' does not end with ';'");
                    }

                    if (opened is { } o)
                    {
                        throw new DhcpConfigException(lexer.At(o), "block is not closed (missing '}' before the end of the file)");
                    }

                    return;

                case DhcpdTokenKind.Close:
                    if (head.Count > 0)
                    {
                        throw new DhcpConfigException(lexer.At(head[0]), $"statement '{Describe(head)}' does not end with ';'");
                    }

                    if (opened is null)
                    {
                        throw new DhcpConfigException(lexer.At(token), "'}' without a matching '{'");
                    }

                    return;

                case DhcpdTokenKind.Semicolon:
                    if (head.Count > 0)
                    {
                        Statement(lexer, head, context, depth);
                        head.Clear();
                    }

                    break;

                case DhcpdTokenKind.Open:
                    if (depth >= MaxNesting)
                    {
                        throw new DhcpConfigException(lexer.At(token), $"blocks nested deeper than {MaxNesting}");
                    }

                    var inner = OpenBlock(lexer, head, context);
                    ReadBlock(lexer, inner, token, depth + 1);
                    CloseBlock(inner);
                    head.Clear();
                    break;

                default:
                    if (head.Count >= MaxStatementTokens)
                    {
                        throw new DhcpConfigException(lexer.At(head[0]),
                            $"statement longer than {MaxStatementTokens} words (a missing ';'?)");
                    }

                    head.Add(token);
                    break;
            }
        }
    }

    private static string Describe(List<DhcpdToken> head)
    {
        var text = string.Join(' ', head.Take(6).Select(t => t.Kind == DhcpdTokenKind.String ? $"\"{t.Text}\"" : t.Text));
        return head.Count > 6 ? text + " ..." : text;
    }

    private static bool Is(List<DhcpdToken> head, int index, string word) =>
        index < head.Count && head[index].Kind == DhcpdTokenKind.Word
        && string.Equals(head[index].Text, word, StringComparison.OrdinalIgnoreCase);

    private void Statement(DhcpdConfigLexer lexer, List<DhcpdToken> head, Context context, int depth)
    {
        if (context.Scope == Scope.Ignored)
        {
            return;
        }

        var at = lexer.At(head[0]);
        if (Is(head, 0, "include"))
        {
            if (head.Count != 2 || head[1].Kind != DhcpdTokenKind.String)
            {
                throw new DhcpConfigException(at, "expected include \"FILE\";");
            }

            ReadFile(ConfigText.Resolve(lexer.File, head[1].Text), at, context, depth);
        }
        else if (Is(head, 0, "range"))
        {
            Range(head, at, context);
        }
        else if (Is(head, 0, "range6"))
        {
            Range6(head, at, context);
        }
        else if (Is(head, 0, "prefix6"))
        {
            Prefix6(head, at, context);
        }
        else if (Is(head, 0, "default-lease-time"))
        {
            LeaseTime(head, at, context);
        }
    }

    /// <summary><c>default-lease-time N;</c> at the top, in a shared-network or in a subnet (pools and groups inherit it).</summary>
    private void LeaseTime(List<DhcpdToken> head, ConfigLocation at, Context context)
    {
        if (head.Count != 2 || !long.TryParse(head[1].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > uint.MaxValue)
        {
            _builder.Warn(at, $"'{Describe(head)}' is not default-lease-time SECONDS; ignored");
            return;
        }

        if (context.Subnet is { } subnet)
        {
            subnet.LeaseLifetime ??= seconds;
        }
        else if (context.SharedNetwork is { } network)
        {
            network.LeaseLifetime ??= seconds;
        }
        else if (context.Scope == Scope.Top)
        {
            _leaseLifetime ??= seconds;
        }
    }

    private void Range(List<DhcpdToken> head, ConfigLocation at, Context context)
    {
        var i = Is(head, 1, "dynamic-bootp") ? 2 : 1;
        var count = head.Count - i;
        if (count is < 1 or > 2 || !Address(head[i], out var first) || !Address(head[^1], out var last))
        {
            _builder.Warn(at, $"'{Describe(head)}' is not range [dynamic-bootp] LOW [HIGH]; skipped");
            return;
        }

        if (first.AddressFamily != AddressFamily.InterNetwork)
        {
            _builder.Warn(at, "range takes IPv4 addresses (use range6 for IPv6); skipped");
            return;
        }

        AddRange(first, last, at, context);
    }

    private void Range6(List<DhcpdToken> head, ConfigLocation at, Context context)
    {
        if (Is(head, head.Count - 1, "temporary"))
        {
            _builder.Warn(at, "range6 ... temporary defines temporary addresses (IA_TA); not counted as a pool");
            return;
        }

        if (head.Count == 2 && head[1].Kind == DhcpdTokenKind.Word && head[1].Text.Contains('/'))
        {
            if (!IpMath.TryParseNetwork(head[1].Text, out var network, out var error)
                || network.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6)
            {
                _builder.Warn(at, $"range6 {head[1].Text}: {error ?? "not IPv6"}; skipped");
                return;
            }

            var (_, hi) = IpMath.Bounds(network);
            AddRange(network.BaseAddress, IpMath.ToAddress(hi, AddressFamily.InterNetworkV6), at, context);
            return;
        }

        if (head.Count != 3 || !Address(head[1], out var first) || !Address(head[2], out var last)
            || first.AddressFamily != AddressFamily.InterNetworkV6)
        {
            _builder.Warn(at, $"'{Describe(head)}' is not range6 LOW HIGH or range6 PREFIX/LEN; skipped");
            return;
        }

        AddRange(first, last, at, context);
    }

    private void Prefix6(List<DhcpdToken> head, ConfigLocation at, Context context)
    {
        // prefix6 LOW HIGH /LEN;  ("/LEN" is one word; "/ LEN" is accepted too)
        var lengthText = head.Count == 4 ? head[3].Text : head.Count == 5 && head[3].Text == "/" ? "/" + head[4].Text : "";
        if (!Address(head.ElementAtOrDefault(1), out var first) || !Address(head.ElementAtOrDefault(2), out var last)
            || !lengthText.StartsWith('/')
            || !int.TryParse(lengthText.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            _builder.Warn(at, $"'{Describe(head)}' is not prefix6 LOW HIGH /LEN; skipped");
            return;
        }

        if (context.Subnet is not { } subnet)
        {
            _builder.Warn(at, "prefix6 outside a subnet6 declaration; skipped");
            return;
        }

        if (_builder.PrefixRange(first, last, length, at) is { } pool)
        {
            subnet.PrefixPools.Add(pool);
        }
    }

    private void AddRange(IPAddress first, IPAddress last, ConfigLocation at, Context context)
    {
        if (context.Subnet is { } subnet)
        {
            if (_builder.Range(subnet.Prefix, first, last, at) is { } pool)
            {
                subnet.Pools.Add(pool);
            }
        }
        else if (context.Scope == Scope.Pool && context.SharedNetwork is { } network)
        {
            // A pool directly in a shared-network: the range belongs to whichever of its subnets holds it.
            network.Ranges.Add((first, last, at));
        }
        else
        {
            _builder.Warn(at, "range outside a subnet or pool declaration; skipped");
        }
    }

    private Context OpenBlock(DhcpdConfigLexer lexer, List<DhcpdToken> head, Context context)
    {
        var ignored = context with { Scope = Scope.Ignored };
        if (context.Scope == Scope.Ignored || head.Count == 0)
        {
            return ignored;
        }

        var at = lexer.At(head[0]);
        if (Is(head, 0, "group") && head.Count == 1)
        {
            return context;
        }

        if (Is(head, 0, "shared-network"))
        {
            if (context.Scope != Scope.Top || head.Count != 2)
            {
                _builder.Warn(at, context.Scope != Scope.Top
                    ? "shared-network inside another declaration; skipped"
                    : "expected shared-network NAME {");
                return ignored;
            }

            return new Context(Scope.SharedNetwork, new SharedNetworkDraft(head[1].Text, at), null);
        }

        if (Is(head, 0, "subnet") || Is(head, 0, "subnet6"))
        {
            if (context.Scope is not (Scope.Top or Scope.SharedNetwork))
            {
                _builder.Warn(at, $"{head[0].Text} inside a {context.Scope.ToString().ToLowerInvariant()} declaration; skipped");
                return ignored;
            }

            if (SubnetPrefix(head, at) is not { } prefix)
            {
                return ignored;
            }

            var draft = new SubnetDraft(prefix, context.SharedNetwork, at);
            _subnets.Add(draft);
            context.SharedNetwork?.Subnets.Add(draft);
            return new Context(Scope.Subnet, context.SharedNetwork, draft);
        }

        if ((Is(head, 0, "pool") || Is(head, 0, "pool6")) && head.Count == 1)
        {
            if (context.Scope is Scope.Subnet or Scope.SharedNetwork)
            {
                return context with { Scope = Scope.Pool };
            }

            _builder.Warn(at, "pool outside a subnet or shared-network declaration; skipped");
            return ignored;
        }

        return ignored;
    }

    private IPNetwork? SubnetPrefix(List<DhcpdToken> head, ConfigLocation at)
    {
        if (Is(head, 0, "subnet"))
        {
            if (head.Count != 4 || !Is(head, 2, "netmask") || !Address(head[1], out var address) || !Address(head[3], out var mask)
                || address.AddressFamily != AddressFamily.InterNetwork || mask.AddressFamily != AddressFamily.InterNetwork)
            {
                _builder.Warn(at, $"'{Describe(head)}' is not subnet ADDRESS netmask MASK; skipped");
                return null;
            }

            var length = IpMath.MaskLength(mask);
            if (length < 0)
            {
                _builder.Warn(at, $"netmask {mask} is not contiguous; subnet skipped");
                return null;
            }

            if (!IpMath.TryParseNetwork($"{address}/{length.ToString(CultureInfo.InvariantCulture)}", out var network, out _))
            {
                _builder.Warn(at, $"subnet {address} has bits set outside netmask {mask}; skipped");
                return null;
            }

            return network;
        }

        string? error = "expected one prefix";
        if (head.Count != 2 || !IpMath.TryParseNetwork(head[1].Text, out var v6, out error)
            || v6.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6)
        {
            _builder.Warn(at, $"'{Describe(head)}' is not subnet6 PREFIX/LEN ({error ?? "not IPv6"}); skipped");
            return null;
        }

        return v6;
    }

    private void CloseBlock(Context context)
    {
        if (context.Scope != Scope.SharedNetwork || context.SharedNetwork is not { } network)
        {
            return;
        }

        foreach (var (first, last, at) in network.Ranges)
        {
            var value = IpMath.ToUInt128(first);
            var owner = network.Subnets.FirstOrDefault(s => s.Prefix.BaseAddress.AddressFamily == first.AddressFamily
                && IpMath.Bounds(s.Prefix) is var (lo, hi) && value >= lo && value <= hi);
            if (owner is null)
            {
                _builder.Warn(at, $"range {first} - {last} is in no subnet of shared-network {network.Name}; skipped");
            }
            else if (_builder.Range(owner.Prefix, first, last, at) is { } pool)
            {
                owner.Pools.Add(pool);
            }
        }

        network.Ranges.Clear();
    }

    private static bool Address(DhcpdToken token, out IPAddress address)
    {
        address = IPAddress.None;
        return token.Kind == DhcpdTokenKind.Word && IpMath.TryParseAddress(token.Text, out address);
    }

    private sealed record Context(Scope Scope, SharedNetworkDraft? SharedNetwork, SubnetDraft? Subnet);

    private sealed class SharedNetworkDraft(string name, ConfigLocation location)
    {
        public string Name { get; } = name;

        public ConfigLocation Location { get; } = location;

        public List<SubnetDraft> Subnets { get; } = [];

        public List<(IPAddress First, IPAddress Last, ConfigLocation At)> Ranges { get; } = [];

        public long? LeaseLifetime { get; set; }
    }

    private sealed class SubnetDraft(IPNetwork prefix, SharedNetworkDraft? sharedNetwork, ConfigLocation location)
    {
        public IPNetwork Prefix { get; } = prefix;

        public SharedNetworkDraft? SharedNetwork { get; } = sharedNetwork;

        public ConfigLocation Location { get; } = location;

        public List<AddressPool> Pools { get; } = [];

        public List<PrefixDelegationPool> PrefixPools { get; } = [];

        public long? LeaseLifetime { get; set; }
    }
}
