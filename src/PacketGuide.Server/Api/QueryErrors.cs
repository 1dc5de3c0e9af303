using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using PacketGuide.Dhcp;

namespace PacketGuide.Server.Api;

/// <summary>
/// Reads query parameters and collects field-level errors, so one bad request gets one RFC 7807 answer that names every
/// bad field and says what it expects (rather than failing on the first).
/// </summary>
internal sealed class QueryErrors
{
    public const int MaxLimit = 1000;

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> Errors => _errors;

    /// <summary>Adds an error to <paramref name="field"/>; a field can have several (two bad matchers are two errors).</summary>
    public void Add(string field, string message) => _errors[field] = _errors.TryGetValue(field, out var earlier) ? [.. earlier, message] : [message];

    public int Limit(string? text, int fallback = 100)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit)
        {
            return n;
        }

        Add("limit", $"'{Clip(text)}' is not a whole number from 1 to {MaxLimit}.");
        return fallback;
    }

    public string? Mac(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (MacAddress.TryParse(text, out var mac))
        {
            return mac.ToString();
        }

        Add("mac", $"'{Clip(text)}' is not a MAC address (02:00:00:00:01:07).");
        return null;
    }

    public IPNetwork? Network(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (StrictAddress.TryParse(text, out var address))
        {
            return new IPNetwork(address!, address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && StrictAddress.TryParse(text[..slash], out _) && IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        Add(field, $"'{Clip(text)}' is not an address (10.77.1.6) or a network (10.77.0.0/22).");
        return null;
    }

    /// <summary>A numeric paging cursor (an event sequence number or a host id) from a listing's <c>next</c>.</summary>
    public long? NumericCursor(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add("cursor", "not a cursor from this API's 'next' field.");
        return null;
    }

    public DateTimeOffset? Time(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unix) && unix is > -62135596800 and < 253402300800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        Add(field, $"'{Clip(text)}' is not a time; use ISO 8601 (2026-11-26T14:48:23Z) or Unix seconds.");
        return null;
    }

    public string? OneOf(string field, string? text, IReadOnlyList<string> allowed)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var a in allowed)
        {
            if (string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }

        Add(field, $"'{Clip(text)}' is not one of {string.Join(", ", allowed)}.");
        return null;
    }

    /// <summary>A comma-separated list of allowed values (case-insensitive), or null when not given.</summary>
    public IReadOnlyList<string>? AnyOf(string field, string? text, IReadOnlyList<string> allowed)
    {
        if (text is null)
        {
            return null;
        }

        var values = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (OneOf(field, part, allowed) is { } value && !values.Contains(value))
            {
                values.Add(value);
            }
        }

        return _errors.ContainsKey(field) ? null : values;
    }

    public string? Text(string field, string? text, int maxLength = 255)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength || text.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            Add(field, $"at most {maxLength} characters, no control characters.");
            return null;
        }

        return text;
    }

    /// <summary>A true/false parameter (absent: false).</summary>
    public bool Flag(string field, string? text)
    {
        switch (text)
        {
            case null or "false" or "0":
                return false;
            case "true" or "1" or "":
                return true;
            default:
                Add(field, $"'{Clip(text)}' is not true or false.");
                return false;
        }
    }

    /// <summary>A DNS name (a zone or an owner name): at most 253 characters, labels of 1 to 63; returned lower-case.</summary>
    public string? DnsName(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.EndsWith('.') && text.Length > 1 ? text[..^1] : text;
        if (trimmed == "@" || (trimmed.Length is > 0 and <= 253 && trimmed.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => c > ' ' && c < 127))))
        {
            return text.ToLowerInvariant();
        }

        Add(field, $"'{Clip(text)}' is not a DNS name (labels of 1 to 63 printable characters, 253 in all), e.g. www.example.com.");
        return null;
    }

    public IResult Problem() => TypedResults.ValidationProblem(_errors, title: "The request has invalid parameters.", type: "https://packetguide.dev/problems/validation");

    /// <summary>Echoing hostile input back in full would make the error a reflection vector; 60 characters are enough to recognise it.</summary>
    public static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
