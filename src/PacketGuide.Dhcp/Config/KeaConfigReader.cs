using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// Reads subnets and pools from Kea's <c>kea-dhcp4.conf</c> / <c>kea-dhcp6.conf</c> or from the <c>arguments</c> of a
/// <c>config-get</c> answer. Both go through <see cref="Interpret"/>, so one configuration gives one model either way.
/// </summary>
internal static class KeaConfigReader
{
    private static readonly JsonDocumentOptions s_options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    private static readonly HashSet<string> s_located = new(StringComparer.Ordinal)
    {
        "subnet4", "subnet6", "shared-networks", "pools", "pd-pools",
    };

    public static DhcpServerConfig LoadFile(string path, CancellationToken cancellationToken)
    {
        var builder = new ConfigBuilder(path, DhcpServerSoftware.Kea);
        var text = KeaConfigText.Load(path, builder.Warn, cancellationToken);
        foreach (var file in text.Files)
        {
            builder.AddFile(file);
        }

        var bytes = Encoding.UTF8.GetBytes(text.Text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, s_options);
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            throw new DhcpConfigException(text.Locate(e.LineNumber ?? -1, e.BytePositionInLine ?? 0), "invalid JSON: " + message, e);
        }

        using (document)
        {
            var positions = Positions(bytes, text);
            Interpret(document.RootElement, builder, jsonPath => positions.TryGetValue(jsonPath, out var at)
                ? at with { JsonPath = jsonPath }
                : new ConfigLocation(path, 0, 0, jsonPath));
        }

        return builder.Build();
    }

    public static DhcpServerConfig FromConfigGet(JsonElement arguments)
    {
        // Accept the arguments object, a whole answer { "result": 0, "arguments": ... }, or the control agent's array of answers.
        if (arguments.ValueKind == JsonValueKind.Array && arguments.GetArrayLength() > 0)
        {
            arguments = arguments[0];
        }

        if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("arguments", out var inner))
        {
            if (arguments.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Number && result.GetInt32() != 0)
            {
                var text = arguments.TryGetProperty("text", out var t) ? t.ToString() : "";
                throw new DhcpConfigException($"config-get failed with result {result.GetInt32()}: {text}");
            }

            arguments = inner;
        }

        const string Source = "config-get";
        var builder = new ConfigBuilder(Source, DhcpServerSoftware.Kea);
        Interpret(arguments, builder, jsonPath => new ConfigLocation(Source, 0, 0, jsonPath));
        return builder.Build();
    }

    private static void Interpret(JsonElement root, ConfigBuilder builder, Func<string, ConfigLocation> at)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DhcpConfigException(at("$"), "expected a JSON object with Dhcp4 or Dhcp6");
        }

        var found = false;
        foreach (var (name, family) in new[] { ("Dhcp4", AddressFamily.InterNetwork), ("Dhcp6", AddressFamily.InterNetworkV6) })
        {
            if (!root.TryGetProperty(name, out var server))
            {
                continue;
            }

            found = true;
            if (server.ValueKind != JsonValueKind.Object)
            {
                throw new DhcpConfigException(at(name), $"{name} must be an object");
            }

            var subnetKey = family == AddressFamily.InterNetwork ? "subnet4" : "subnet6";
            var globalLifetime = Lifetime(server, name, null, builder, at);
            ReadSubnets(server, subnetKey, $"{name}.{subnetKey}", null, globalLifetime, family, builder, at);
            if (server.TryGetProperty("shared-networks", out var networks))
            {
                var i = 0;
                foreach (var network in Array(networks, $"{name}.shared-networks", builder, at))
                {
                    var path = $"{name}.shared-networks[{i++}]";
                    var networkName = network.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                        ? n.GetString()
                        : null;
                    if (networkName is null)
                    {
                        builder.Warn(at(path), "shared network has no name");
                    }

                    ReadSubnets(network, subnetKey, $"{path}.{subnetKey}", networkName, Lifetime(network, path, globalLifetime, builder, at),
                        family, builder, at);
                }
            }
        }

        if (!found)
        {
            throw new DhcpConfigException(at("$"), "no Dhcp4 or Dhcp6 object at the top level");
        }
    }

    /// <summary><c>valid-lifetime</c> of <paramref name="scope"/> if it sets one, else the enclosing scope's.</summary>
    private static long? Lifetime(JsonElement scope, string path, long? inherited, ConfigBuilder builder, Func<string, ConfigLocation> at)
    {
        if (scope.ValueKind != JsonValueKind.Object || !scope.TryGetProperty("valid-lifetime", out var value))
        {
            return inherited;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds is >= 0 and <= uint.MaxValue)
        {
            return seconds;
        }

        builder.Warn(at(path + ".valid-lifetime"), $"valid-lifetime {value.GetRawText()} is not a number of seconds from 0 to 4294967295; ignored");
        return inherited;
    }

    private static void ReadSubnets(JsonElement parent, string key, string path, string? sharedNetwork, long? lifetime, AddressFamily family,
        ConfigBuilder builder, Func<string, ConfigLocation> at)
    {
        if (!parent.TryGetProperty(key, out var subnets))
        {
            return;
        }

        var i = 0;
        foreach (var subnet in Array(subnets, path, builder, at))
        {
            var subnetPath = $"{path}[{i++}]";
            ReadSubnet(subnet, subnetPath, sharedNetwork, Lifetime(subnet, subnetPath, lifetime, builder, at), family, builder, at);
        }
    }

    private static void ReadSubnet(JsonElement subnet, string path, string? sharedNetwork, long? lifetime, AddressFamily family,
        ConfigBuilder builder, Func<string, ConfigLocation> at)
    {
        var location = at(path);
        if (subnet.ValueKind != JsonValueKind.Object)
        {
            builder.Warn(location, "subnet is not an object; skipped");
            return;
        }

        if (!subnet.TryGetProperty("subnet", out var prefixValue) || prefixValue.ValueKind != JsonValueKind.String)
        {
            builder.Warn(location, "subnet has no \"subnet\" prefix; skipped");
            return;
        }

        var prefixText = prefixValue.GetString()!;
        if (!IpMath.TryParseNetwork(prefixText, out var prefix, out var error))
        {
            builder.Warn(location, $"subnet \"{prefixText}\": {error}; skipped");
            return;
        }

        if (prefix.BaseAddress.AddressFamily != family)
        {
            builder.Warn(location, $"subnet {prefix} is not {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}; skipped");
            return;
        }

        long? id = null;
        if (subnet.TryGetProperty("id", out var idValue))
        {
            if (idValue.ValueKind == JsonValueKind.Number && idValue.TryGetInt64(out var n) && n is >= 0 and <= uint.MaxValue)
            {
                // 0 means "let Kea choose"; config-get then shows the id Kea chose.
                id = n == 0 ? null : n;
            }
            else
            {
                builder.Warn(location, $"subnet {prefix}: id {idValue.GetRawText()} is not a number from 0 to 4294967295; ignored");
            }
        }

        var pools = new List<AddressPool>();
        if (subnet.TryGetProperty("pools", out var poolArray))
        {
            var i = 0;
            foreach (var pool in Array(poolArray, path + ".pools", builder, at))
            {
                var poolPath = $"{path}.pools[{i++}]";
                if (ReadPool(pool, prefix, at(poolPath), builder) is { } p)
                {
                    pools.Add(p);
                }
            }
        }

        var prefixPools = new List<PrefixDelegationPool>();
        if (subnet.TryGetProperty("pd-pools", out var pdArray))
        {
            var i = 0;
            foreach (var pool in Array(pdArray, path + ".pd-pools", builder, at))
            {
                var poolPath = $"{path}.pd-pools[{i++}]";
                if (family != AddressFamily.InterNetworkV6)
                {
                    builder.Warn(at(poolPath), "pd-pools belong to Dhcp6 subnets; skipped");
                    continue;
                }

                if (ReadPrefixPool(pool, at(poolPath), builder) is { } p)
                {
                    prefixPools.Add(p);
                }
            }
        }

        builder.AddSubnet(id, prefix, sharedNetwork, pools, prefixPools, location, lifetime);
    }

    private static AddressPool? ReadPool(JsonElement pool, IPNetwork subnet, ConfigLocation location, ConfigBuilder builder)
    {
        if (pool.ValueKind != JsonValueKind.Object || !pool.TryGetProperty("pool", out var value)
            || value.ValueKind != JsonValueKind.String)
        {
            builder.Warn(location, "pool has no \"pool\" string; skipped");
            return null;
        }

        var text = value.GetString()!.AsSpan().Trim();
        var dash = text.IndexOf('-');
        if (dash >= 0)
        {
            var firstText = text[..dash].Trim();
            var lastText = text[(dash + 1)..].Trim();
            if (!IpMath.TryParseAddress(firstText, out var first) || !IpMath.TryParseAddress(lastText, out var last))
            {
                builder.Warn(location, $"pool \"{text}\" is not \"FIRST - LAST\" with two addresses; skipped");
                return null;
            }

            return builder.Range(subnet, first, last, location);
        }

        if (text.Contains('/'))
        {
            if (!IpMath.TryParseNetwork(text, out var network, out var error))
            {
                builder.Warn(location, $"pool \"{text}\": {error}; skipped");
                return null;
            }

            return builder.Prefix(subnet, network, location);
        }

        builder.Warn(location, $"pool \"{text}\" is neither \"FIRST - LAST\" nor \"PREFIX/LEN\"; skipped");
        return null;
    }

    private static PrefixDelegationPool? ReadPrefixPool(JsonElement pool, ConfigLocation location, ConfigBuilder builder)
    {
        if (pool.ValueKind != JsonValueKind.Object
            || !pool.TryGetProperty("prefix", out var prefixValue) || prefixValue.ValueKind != JsonValueKind.String
            || !pool.TryGetProperty("prefix-len", out var lenValue) || !lenValue.TryGetInt32Safe(out var prefixLength)
            || !pool.TryGetProperty("delegated-len", out var delegatedValue) || !delegatedValue.TryGetInt32Safe(out var delegatedLength))
        {
            builder.Warn(location, "pd-pool needs \"prefix\", \"prefix-len\" and \"delegated-len\"; skipped");
            return null;
        }

        var text = $"{prefixValue.GetString()}/{prefixLength.ToString(CultureInfo.InvariantCulture)}";
        if (prefixLength is < 0 or > 128)
        {
            builder.Warn(location, $"pd-pool {text}: prefix-len out of range; skipped");
            return null;
        }

        if (!IpMath.TryParseNetwork(text, out var network, out var error))
        {
            builder.Warn(location, $"pd-pool {text}: {error}; skipped");
            return null;
        }

        return builder.PrefixPool(network, delegatedLength, location);
    }

    private static bool TryGetInt32Safe(this JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement value, string path, ConfigBuilder builder, Func<string, ConfigLocation> at)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray();
        }

        builder.Warn(at(path), "expected a list; ignored");
        return default;
    }

    /// <summary>
    /// Where each subnet, shared network and pool object starts, keyed by its JSON path: a second, allocation-light pass
    /// with <see cref="Utf8JsonReader"/>, because <see cref="JsonElement"/> does not keep positions.
    /// </summary>
    private static Dictionary<string, ConfigLocation> Positions(byte[] bytes, KeaConfigText text)
    {
        var positions = new Dictionary<string, ConfigLocation>(StringComparer.Ordinal);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 64,
        });
        var frames = new List<Frame>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;

                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                {
                    var path = ChildPath(frames, property, out var located);
                    if (located && reader.TokenType == JsonTokenType.StartObject)
                    {
                        var offset = (int)reader.TokenStartIndex;
                        var line = lineStarts.BinarySearch(offset);
                        line = line >= 0 ? line : ~line - 1;
                        positions[path] = text.Locate(line, offset - lineStarts[line]);
                    }

                    var isArray = reader.TokenType == JsonTokenType.StartArray;
                    var isLocatedArray = isArray && property is not null && s_located.Contains(property)
                        && (frames.Count == 0 || !frames[^1].Array);
                    frames.Add(new Frame(path, isArray, 0, isLocatedArray));
                    property = null;
                    break;
                }

                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    Advance(frames);
                    break;

                default:
                    Advance(frames);
                    property = null;
                    break;
            }
        }

        return positions;
    }

    private static string ChildPath(List<Frame> frames, string? property, out bool located)
    {
        located = false;
        if (frames.Count == 0)
        {
            return "$";
        }

        var parent = frames[^1];
        if (parent.Array)
        {
            located = parent.Located;
            return $"{parent.Path}[{parent.Index}]";
        }

        return parent.Path == "$" ? property ?? "" : $"{parent.Path}.{property}";
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].Array)
        {
            var top = frames[^1];
            frames[^1] = top with { Index = top.Index + 1 };
        }
    }

    /// <summary>An open object or array during the position pass; Located: an array whose objects get a position.</summary>
    private readonly record struct Frame(string Path, bool Array, int Index, bool Located);
}
