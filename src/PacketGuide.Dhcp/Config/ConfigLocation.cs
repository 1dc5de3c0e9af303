namespace PacketGuide.Dhcp.Config;

/// <summary>
/// A place in a configuration: a file with a 1-based line and column (0 when unknown), and for Kea the JSON path of the
/// element (<c>Dhcp4.subnet4[0].pools[1]</c>), which is all a config-get answer has.
/// </summary>
public readonly record struct ConfigLocation(string File, int Line, int Column, string? JsonPath = null)
{
    public override string ToString()
    {
        var place = Line <= 0 ? File : Column <= 0 ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
        return JsonPath is null ? place : $"{place} ({JsonPath})";
    }
}

/// <summary>Something in the configuration that was skipped or looks wrong but did not make the file unusable.</summary>
public sealed record ConfigWarning(ConfigLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>The configuration cannot be used: a syntax error, a missing or cyclic include, an unreadable file.</summary>
public sealed class DhcpConfigException : Exception
{
    public DhcpConfigException()
    {
    }

    public DhcpConfigException(string message)
        : base(message)
    {
    }

    public DhcpConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DhcpConfigException(ConfigLocation location, string message, Exception? innerException = null)
        : base($"{location}: {message}", innerException)
    {
        Location = location;
        Reason = message;
    }

    /// <summary>Where the problem is; default when it is not tied to a place.</summary>
    public ConfigLocation Location { get; }

    /// <summary>The message without the location.</summary>
    public string? Reason { get; }
}
