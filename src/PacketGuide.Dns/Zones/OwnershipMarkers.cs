using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Zones;

/// <summary>
/// How PacketGuide knows which records it manages, so that it deletes only those: beside every name it manages, a TXT
/// RRset at <c>_pguide.NAME</c> (<c>_pguide-wildcard.REST</c> for <c>*.REST</c>) with one string,
/// <c>heritage=pguide,owner=OWNER,types=A+AAAA</c>. A live RRset not in the spec is deleted only when a marker with the
/// spec's owner lists its type at its name; anything else is reported and left alone. The idea is external-dns's TXT
/// registry, kept at a name of its own so it never mixes with a name's real TXT records (SPF and the like).
/// </summary>
public static class OwnershipMarkers
{
    public const string DefaultOwner = "pguide";
    private const string Prefix = "_pguide.";
    private const string WildcardPrefix = "_pguide-wildcard.";
    private const string Heritage = "heritage=pguide,";

    public static bool IsValidOwner(string owner) =>
        owner is { Length: > 0 and <= 63 } && owner.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The marker's name for records at <paramref name="name"/> (absolute).</summary>
    public static string NameFor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("*.", StringComparison.Ordinal) ? WildcardPrefix + name[2..] : Prefix + name;
    }

    /// <summary>Whether a name is one of PacketGuide's marker names (whatever it holds).</summary>
    public static bool IsMarkerName(string name) =>
        name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(WildcardPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The marker RRset for <paramref name="name"/> listing <paramref name="types"/>.</summary>
    public static DnsRecordSet For(string name, string owner, IEnumerable<string> types, int ttl) =>
        new(NameFor(name), "TXT", ttl, [$"\"{Heritage}owner={owner},types={string.Join('+', types.Order(StringComparer.Ordinal))}\""]);

    /// <summary>The managed name, owner and types a live TXT RRset declares, if it is a marker.</summary>
    public static bool TryRead(DnsRecordSet set, out string name, out string owner, out IReadOnlyList<string> types)
    {
        ArgumentNullException.ThrowIfNull(set);
        name = owner = "";
        types = [];
        if (set.Type != "TXT" || !IsMarkerName(set.Name) || set.Values.Count != 1)
        {
            return false;
        }

        var text = set.Values[0].Trim('"');
        if (!text.StartsWith(Heritage, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var field in text[Heritage.Length..].Split(','))
        {
            if (field.StartsWith("owner=", StringComparison.Ordinal))
            {
                owner = field["owner=".Length..];
            }
            else if (field.StartsWith("types=", StringComparison.Ordinal))
            {
                types = field["types=".Length..].Split('+', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        name = set.Name.StartsWith(WildcardPrefix, StringComparison.OrdinalIgnoreCase) ? "*." + set.Name[WildcardPrefix.Length..] : set.Name[Prefix.Length..];
        return owner.Length > 0;
    }
}
