using System.Globalization;

namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary>How full a pool or subnet is against the <c>--warn</c> and <c>--critical</c> thresholds.</summary>
internal enum UtilizationLevel
{
    Unknown,
    Ok,
    Warn,
    Critical,
}

/// <summary>The two thresholds, as fractions (0.8 = 80 %).</summary>
internal readonly record struct UtilizationThresholds(double Warn, double Critical)
{
    public UtilizationLevel Of(double? ratio) => ratio switch
    {
        null => UtilizationLevel.Unknown,
        { } r when r >= Critical => UtilizationLevel.Critical,
        { } r when r >= Warn => UtilizationLevel.Warn,
        _ => UtilizationLevel.Ok,
    };

    public static string Name(UtilizationLevel level) => level switch
    {
        UtilizationLevel.Ok => "ok",
        UtilizationLevel.Warn => "warn",
        UtilizationLevel.Critical => "critical",
        _ => "unknown",
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"warn {Warn:P0}, critical {Critical:P0}");
}
